import { describe, expect, it } from "vitest";
import { answerClosesAt } from "../../src/domain/schedules/answer-window.js";
import { checkSchedule } from "../../src/domain/schedules/check-schedule.js";
import { latestSlot, nextSlot, upcomingSlots } from "../../src/domain/schedules/slots.js";
import { parseWhen, splitWhen } from "../../src/domain/schedules/when.js";
import type { CronFields } from "../../src/domain/time/cron-fields.js";
import { localDateTime } from "../../src/domain/time/local-time.js";
import { parseCronFields } from "../../src/jobs/node-cron-parser.js";

function cronOf(when: string): string {
  const parsed = parseWhen(when);
  if (!parsed.ok) throw new Error(`not parsed: ${JSON.stringify(parsed.error)}`);
  return parsed.value.cron;
}

function fieldsOf(cron: string): CronFields {
  const parsed = parseCronFields(cron);
  if (!parsed.ok) throw new Error(`bad cron: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

const berlin = "Europe/Berlin";
/** "Mon 2026-03-30 09:00" in Berlin, for readable expectations. */
function berlinLabel(at: Date): string {
  const weekday = new Intl.DateTimeFormat("en-GB", { timeZone: berlin, weekday: "short" }).format(at);
  const local = localDateTime(at, berlin);
  return `${weekday} ${local.date} ${local.time}`;
}

describe("the when forms", () => {
  it.each([
    ["daily 18:30", "30 18 * * *"],
    ["weekdays 09:00", "0 9 * * 1-5"],
    ["weekends 10:00", "0 10 * * 0,6"],
    ["mon,wed,fri 07:45", "45 7 * * 1,3,5"],
    ["Weekdays 9:05", "5 9 * * 1-5"],
    ["every 10 minutes", "*/10 * * * *"],
    ["every 15 min", "*/15 * * * *"],
    ["every 60 minutes", "0 * * * *"],
    ["0 9 * * 1-5", "0 9 * * 1-5"],
    ["@daily", "@daily"],
  ])("GIVEN %s THEN the cron is %s", (when, cron) => {
    expect(cronOf(when)).toBe(cron);
  });

  it("GIVEN typed text after the when THEN it is split off for pack, questions and zone", () => {
    expect(splitWhen("weekdays 09:00 asyncio 3 Europe/Berlin")).toEqual({
      when: "weekdays 09:00",
      rest: ["asyncio", "3", "Europe/Berlin"],
    });
    expect(splitWhen("every 10 minutes")).toEqual({ when: "every 10 minutes", rest: [] });
    expect(splitWhen("0 9 * * 1-5 gil")).toEqual({ when: "0 9 * * 1-5", rest: ["gil"] });
  });

  it.each([
    ["daily 25:00", "bad_time"],
    ["daily noon", "bad_time"],
    ["mon,funday 09:00", "bad_days"],
    ["every 5 minutes", "bad_interval"],
    ["every 7 minutes", "bad_interval"],
    ["every day", "unrecognised_when"],
    ["tomorrow", "unrecognised_when"],
  ])("GIVEN %s THEN it is refused as %s", (when, code) => {
    const parsed = parseWhen(when);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it("GIVEN a cron node-cron rejects, a seconds field or an L day THEN it is a bad cron with the reason", () => {
    for (const cron of ["61 9 * * *", "0 9 * * 1-5 *", "0 9 L * *", "a b c d e"]) {
      const parsed = parseCronFields(cron);
      expect(parsed.ok, cron).toBe(false);
      if (!parsed.ok) expect(parsed.error.code).toBe("bad_cron");
    }
    const minute = parseCronFields("61 9 * * *");
    if (!minute.ok && minute.error.code === "bad_cron") expect(minute.error.detail).toContain("minute");
  });
});

describe("next slots in a time zone", () => {
  it("GIVEN weekdays 09:00 Europe/Berlin across the March change to summer time THEN Monday to Friday at 09:00 local, never at weekends", () => {
    const slots = upcomingSlots(
      fieldsOf(cronOf("weekdays 09:00")),
      berlin,
      new Date("2026-03-25T12:00:00Z"),
      8,
    );
    expect(slots.map(berlinLabel)).toEqual([
      "Thu 2026-03-26 09:00",
      "Fri 2026-03-27 09:00",
      "Mon 2026-03-30 09:00",
      "Tue 2026-03-31 09:00",
      "Wed 2026-04-01 09:00",
      "Thu 2026-04-02 09:00",
      "Fri 2026-04-03 09:00",
      "Mon 2026-04-06 09:00",
    ]);
    // 08:00 UTC in winter (UTC+1), 07:00 UTC after 29 March (UTC+2).
    expect(slots[1]?.toISOString()).toBe("2026-03-27T08:00:00.000Z");
    expect(slots[2]?.toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("GIVEN weekdays 09:00 Europe/Berlin across the October change back THEN still 09:00 local, an hour later in UTC", () => {
    const slots = upcomingSlots(fieldsOf("0 9 * * 1-5"), berlin, new Date("2026-10-22T12:00:00Z"), 4);
    expect(slots.map(berlinLabel)).toEqual([
      "Fri 2026-10-23 09:00",
      "Mon 2026-10-26 09:00",
      "Tue 2026-10-27 09:00",
      "Wed 2026-10-28 09:00",
    ]);
    expect(slots[0]?.toISOString()).toBe("2026-10-23T07:00:00.000Z");
    expect(slots[1]?.toISOString()).toBe("2026-10-26T08:00:00.000Z");
  });

  it("GIVEN a weekend day THEN the latest weekday slot is Friday's and the next is Monday's", () => {
    const saturday = new Date("2026-03-28T10:00:00Z");
    const fields = fieldsOf("0 9 * * 1-5");
    expect(berlinLabel(latestSlot(fields, berlin, saturday) ?? new Date(0))).toBe("Fri 2026-03-27 09:00");
    expect(berlinLabel(nextSlot(fields, berlin, saturday) ?? new Date(0))).toBe("Mon 2026-03-30 09:00");
  });

  it("GIVEN a slot exactly now THEN it is the latest slot, and the next one is strictly later", () => {
    const fields = fieldsOf("*/10 * * * *");
    const now = new Date("2026-05-04T12:20:00Z");
    expect(latestSlot(fields, "UTC", now)).toEqual(now);
    expect(nextSlot(fields, "UTC", now)).toEqual(new Date("2026-05-04T12:30:00Z"));
  });

  it("GIVEN a time zone a day ahead of UTC THEN its daily slot falls on the previous UTC day", () => {
    const slot = nextSlot(fieldsOf("30 6 * * *"), "Pacific/Kiritimati", new Date("2026-05-04T00:00:00Z"));
    expect(slot?.toISOString()).toBe("2026-05-04T16:30:00.000Z");
  });
});

describe("schedule checks and answer windows", () => {
  const now = new Date("2026-05-04T12:00:00Z");

  it("GIVEN an unknown time zone THEN it is refused", () => {
    const checked = checkSchedule({
      cron: "0 9 * * *",
      fields: fieldsOf("0 9 * * *"),
      timeZone: "Mars/Olympus",
      now,
    });
    expect(checked).toEqual({ ok: false, error: { code: "unknown_time_zone", zone: "Mars/Olympus" } });
  });

  it.each(["*/5 * * * *", "0,5 9 * * *", "* 9 * * *"])(
    "GIVEN %s THEN two posts closer than 10 minutes are refused",
    (cron) => {
      const checked = checkSchedule({ cron, fields: fieldsOf(cron), timeZone: "UTC", now });
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.error.code).toBe("too_frequent");
    },
  );

  it("GIVEN posts at 23:55 and 00:00 THEN the gap across midnight is refused too", () => {
    const cron = "0,55 0,23 * * *";
    const checked = checkSchedule({ cron, fields: fieldsOf(cron), timeZone: "UTC", now });
    expect(checked.ok).toBe(false);
  });

  it("GIVEN every 10 minutes or weekdays 09:00 THEN they are accepted with their first slot", () => {
    const every = checkSchedule({
      cron: "*/10 * * * *",
      fields: fieldsOf("*/10 * * * *"),
      timeZone: "UTC",
      now,
    });
    expect(every).toEqual({ ok: true, value: { firstSlot: new Date("2026-05-04T12:10:00Z") } });
    const weekdays = checkSchedule({
      cron: "0 9 * * 1-5",
      fields: fieldsOf("0 9 * * 1-5"),
      timeZone: berlin,
      now,
    });
    expect(weekdays.ok && weekdays.value.firstSlot.toISOString()).toBe("2026-05-05T07:00:00.000Z");
  });

  it("GIVEN 30 February THEN node-cron refuses it as impossible", () => {
    expect(parseCronFields("0 9 30 2 *").ok).toBe(false);
  });

  it("GIVEN a daily 09:00 slot THEN answers close an hour before the next post; every 10 minutes keeps at least 10 minutes", () => {
    const slot = new Date("2026-05-04T09:00:00Z");
    expect(answerClosesAt(slot, new Date("2026-05-05T09:00:00Z"), 60)).toEqual(
      new Date("2026-05-05T08:00:00Z"),
    );
    expect(answerClosesAt(slot, new Date("2026-05-04T09:10:00Z"), 60)).toEqual(
      new Date("2026-05-04T09:10:00Z"),
    );
  });
});
