import { describe, expect, it } from "vitest";
import {
  addDays,
  isTimeZone,
  localDateTime,
  localDay,
  startOfLocalDay,
} from "../../../src/domain/time/local-time.js";

describe("the one home of time in the domain", () => {
  it("GIVEN zone names THEN only the ones the runtime knows are zones, and the empty name is none", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("GIVEN a day THEN adding days crosses months, leap days and years in either direction", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("GIVEN an instant near midnight THEN the local day and the local date-time agree in every zone", () => {
    const at = new Date("2026-03-29T22:30:00Z");
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"]) {
      expect(localDay(at, zone)).toBe(localDateTime(at, zone).date);
    }
    expect(localDay(at, "Europe/Berlin")).toBe("2026-03-30");
    expect(localDateTime(at, "America/New_York")).toEqual({ date: "2026-03-29", time: "18:30" });
  });

  it("GIVEN the day Berlin moves its clocks forward THEN local midnight is found at 23:00 UTC the day before", () => {
    expect(startOfLocalDay("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });
});
