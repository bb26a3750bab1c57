import { describe, expect, it } from "vitest";
import { localDay } from "../../src/domain/leaderboards/local-day.js";
import { advanceStreak, liveStreak, type StreakState } from "../../src/domain/leaderboards/streak.js";

const play = (days: readonly string[]): StreakState | undefined =>
  days.reduce<StreakState | undefined>((state, day) => advanceStreak(state, day), undefined);

describe("streaks", () => {
  it("GIVEN correct answers on consecutive days THEN the streak grows by one per day, not per answer", () => {
    expect(play(["2026-11-20", "2026-11-20", "2026-11-21", "2026-11-22"])).toEqual({
      current: 3,
      longest: 3,
      lastDay: "2026-11-22",
    });
  });

  it("GIVEN a day without a correct answer THEN the streak restarts at 1 and the longest is kept", () => {
    expect(play(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-22"])).toEqual({
      current: 1,
      longest: 3,
      lastDay: "2026-11-22",
    });
  });

  it("GIVEN a late delivery for an earlier day THEN nothing changes", () => {
    const state = play(["2026-11-20", "2026-11-21"]);
    expect(advanceStreak(state, "2026-11-19")).toBe(state);
  });

  it("GIVEN answers 30 minutes apart across midnight in the group's time zone THEN they extend the streak there but not in UTC", () => {
    const before = new Date("2026-11-21T22:50:00Z"); // 23:50 in Berlin, 22:50 UTC
    const after = new Date("2026-11-21T23:20:00Z"); // 00:20 next day in Berlin, still the 21st in UTC
    const berlin = play([localDay(before, "Europe/Berlin"), localDay(after, "Europe/Berlin")]);
    const utc = play([localDay(before, "UTC"), localDay(after, "UTC")]);
    expect(berlin?.current).toBe(2);
    expect(utc?.current).toBe(1);
  });

  it("GIVEN a streak last counted yesterday THEN it is alive today and over tomorrow", () => {
    const state = { current: 4, lastDay: "2026-11-21" };
    expect(liveStreak(state, "2026-11-22")).toBe(4);
    expect(liveStreak(state, "2026-11-23")).toBe(0);
  });
});
