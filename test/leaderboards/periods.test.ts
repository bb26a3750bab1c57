import { describe, expect, it } from "vitest";
import { isoWeekKey, periodKeys } from "../../src/domain/leaderboards/periods.js";
import { addDays, localDay } from "../../src/domain/time/local-time.js";

describe("leaderboard periods", () => {
  it.each([
    ["2026-12-31", "2026-W53"],
    ["2027-01-01", "2026-W53"],
    ["2027-01-03", "2026-W53"],
    ["2027-01-04", "2027-W01"],
    ["2025-12-29", "2026-W01"],
    ["2026-01-01", "2026-W01"],
    ["2026-11-22", "2026-W47"],
    ["2024-12-30", "2025-W01"],
    ["2021-01-03", "2020-W53"],
  ])("GIVEN the day %s THEN its ISO week is %s", (day, week) => {
    expect(isoWeekKey(day)).toBe(week);
  });

  it("GIVEN an instant late on Sunday in UTC THEN a group east of UTC already counts it in the next week and month", () => {
    const instant = new Date("2026-11-29T23:30:00Z"); // Sunday in UTC, Monday 30 Nov in Berlin
    expect(periodKeys(instant, "UTC")).toEqual({ week: "2026-W48", month: "2026-11", all: "all" });
    expect(periodKeys(instant, "Europe/Berlin")).toEqual({ week: "2026-W49", month: "2026-11", all: "all" });
    const newYear = new Date("2026-12-31T23:30:00Z");
    expect(periodKeys(newYear, "Asia/Tokyo")).toEqual({ week: "2026-W53", month: "2027-01", all: "all" });
    expect(periodKeys(newYear, "America/Los_Angeles")).toEqual({
      week: "2026-W53",
      month: "2026-12",
      all: "all",
    });
  });

  it("GIVEN a day THEN day arithmetic crosses months, years and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(localDay(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBe("2026-03-29");
  });
});
