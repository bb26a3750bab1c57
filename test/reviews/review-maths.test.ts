import { describe, expect, it } from "vitest";
import { estimateMinutes, isReminderMinute, reminderClaimKey } from "../../src/domain/reviews/reminder.js";
import { buildQueue } from "../../src/domain/reviews/review-queue.js";
import { applySettings, defaultReviewSettings } from "../../src/domain/reviews/review-settings.js";
import { dueForecast, rankTopics, retentionRate, streaks } from "../../src/domain/reviews/review-stats.js";
import { localDateTime, startOfLocalDay } from "../../src/domain/time/local-time.js";

const now = new Date("2026-03-02T10:00:00Z");
const at = (iso: string) => new Date(iso);

describe("the review queue", () => {
  it("GIVEN due and unseen cards THEN most overdue first, then new cards up to what is left of today's limit", () => {
    const queue = buildQueue(
      {
        due: [
          { questionId: "b", due: at("2026-03-01T00:00:00Z") },
          { questionId: "a", due: at("2026-02-20T00:00:00Z") },
          { questionId: "later", due: at("2026-03-05T00:00:00Z") },
        ],
        unseen: ["n1", "n2", "n3"],
        newCardsPerDay: 3,
        introducedToday: 1,
        maxCards: 50,
      },
      now,
    );
    expect(queue.questionIds).toEqual(["a", "b", "n1", "n2"]);
    expect(queue).toMatchObject({ dueCount: 2, newCount: 2 });
  });
});

describe("review settings", () => {
  it("GIVEN a reminder time THEN reminders turn on; GIVEN off THEN they turn off and the time stays", () => {
    const on = applySettings(defaultReviewSettings, { reminder: "9:30", timeZone: "Europe/Berlin" });
    expect(on).toMatchObject({ ok: true, value: { reminderTime: "09:30", remindersEnabled: true } });
    if (!on.ok) return;
    expect(applySettings(on.value, { reminder: "off" })).toMatchObject({
      ok: true,
      value: { reminderTime: "09:30", remindersEnabled: false },
    });
  });
  it("GIVEN an unknown time zone, a bad time or retention out of range THEN a typed problem names the field", () => {
    expect(applySettings(defaultReviewSettings, { timeZone: "Mars/Olympus" })).toMatchObject({
      ok: false,
      error: { field: "timezone" },
    });
    expect(applySettings(defaultReviewSettings, { reminder: "25:00" })).toMatchObject({
      ok: false,
      error: { field: "reminder" },
    });
    expect(applySettings(defaultReviewSettings, { retention: 0.99 })).toMatchObject({
      ok: false,
      error: { field: "retention" },
    });
  });
});

describe("local time and reminders", () => {
  const berlin = {
    ...defaultReviewSettings,
    timeZone: "Europe/Berlin",
    reminderTime: "09:00",
    remindersEnabled: true,
  };
  it("GIVEN 09:00 in Berlin in winter THEN the reminder minute is 08:00 UTC and the key names the local day", () => {
    expect(isReminderMinute(berlin, at("2026-01-10T08:00:00Z"))).toBe(true);
    expect(isReminderMinute(berlin, at("2026-01-10T09:00:00Z"))).toBe(false);
    expect(reminderClaimKey(7, berlin, at("2026-01-10T08:00:00Z"))).toBe("reminder:7:2026-01-10");
  });
  it("GIVEN a day with a DST change THEN local midnight is still found", () => {
    expect(startOfLocalDay("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfLocalDay("2026-03-30", "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(localDateTime(at("2026-03-29T22:30:00Z"), "Europe/Berlin")).toEqual({
      date: "2026-03-30",
      time: "00:30",
    });
  });
  it("GIVEN 12 due cards THEN about 6 minutes at 30 s a card", () => {
    expect(estimateMinutes(12)).toBe(6);
    expect(estimateMinutes(1)).toBe(1);
  });
});

describe("stats maths", () => {
  it("GIVEN overdue and future due dates THEN overdue counts as today and the week is laid out by day", () => {
    const forecast = dueForecast(
      [
        { date: "2026-02-27", count: 4 },
        { date: "2026-03-02", count: 1 },
        { date: "2026-03-04", count: 2 },
      ],
      "2026-03-02",
      7,
    );
    expect(forecast.map((day) => day.count)).toEqual([5, 0, 2, 0, 0, 0, 0]);
    expect(forecast[6]?.date).toBe("2026-03-08");
  });
  it("GIVEN activity days THEN the current streak survives a today without activity yet", () => {
    expect(
      streaks(["2026-02-20", "2026-02-21", "2026-02-22", "2026-03-01", "2026-03-02"], "2026-03-02"),
    ).toEqual({ current: 2, longest: 3, freezes: 0 });
    expect(streaks(["2026-02-28", "2026-03-01"], "2026-03-02")).toEqual({
      current: 2,
      longest: 2,
      freezes: 0,
    });
    expect(streaks(["2026-02-27"], "2026-03-02")).toEqual({ current: 0, longest: 1, freezes: 0 });
  });
  it("GIVEN a week in a row THEN a freeze is held, and one missed day since spends it without ending the streak", () => {
    const week = [
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
      "2026-02-23",
      "2026-02-24",
      "2026-02-25",
      "2026-02-26",
    ];
    expect(streaks(week, "2026-02-27")).toEqual({ current: 7, longest: 7, freezes: 1 });
    expect(streaks(week, "2026-02-28")).toEqual({ current: 7, longest: 7, freezes: 0 });
    expect(streaks([...week, "2026-02-28"], "2026-02-28")).toEqual({ current: 9, longest: 9, freezes: 0 });
    expect(streaks(week, "2026-03-01")).toEqual({ current: 0, longest: 7, freezes: 0 });
  });
  it("GIVEN tag tallies THEN topics under the minimum count are left out and strong and weak differ", () => {
    const topics = rankTopics(
      [
        { tag: "gil", total: 10, right: 9 },
        { tag: "asyncio", total: 10, right: 4 },
        { tag: "threading", total: 8, right: 6 },
        { tag: "rare", total: 2, right: 0 },
      ],
      5,
      2,
    );
    expect(topics.strongest.map((topic) => topic.tag)).toEqual(["gil", "threading"]);
    expect(topics.weakest.map((topic) => topic.tag)).toEqual(["asyncio"]);
    expect(retentionRate(0, 0)).toBeNull();
    expect(retentionRate(10, 2)).toBe(0.8);
  });
});
