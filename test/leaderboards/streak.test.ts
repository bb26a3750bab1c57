import { describe, expect, it } from "vitest";
import {
  advanceStreak,
  freezesLeft,
  liveStreak,
  maxFreezes,
  type StreakState,
} from "../../src/domain/leaderboards/streak.js";
import { localDay } from "../../src/domain/time/local-time.js";

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

  it("GIVEN a day without a correct answer THEN the streak restarts at 1, the longest is kept and the run it ended is remembered", () => {
    expect(play(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-22"])).toEqual({
      current: 1,
      longest: 3,
      lastDay: "2026-11-22",
      previous: { length: 3, lastDay: "2026-11-20" },
    });
  });

  it("GIVEN a late delivery for a day the current run holds THEN nothing changes", () => {
    const state = play(["2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(advanceStreak(state, "2026-11-20")).toBe(state);
  });

  it("GIVEN yesterday's last answer stored after today's first THEN the streak is what it would have been in order", () => {
    // Today's answer is committed first and sees a gap; yesterday's, stored a moment later, fills it.
    const outOfOrder = play(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-22", "2026-11-21"]);
    const inOrder = play(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]);
    expect(outOfOrder).toMatchObject({ current: 5, longest: 5, lastDay: "2026-11-22" });
    expect(outOfOrder).toMatchObject({
      current: inOrder?.current,
      longest: inOrder?.longest,
      lastDay: inOrder?.lastDay,
    });
  });

  it("GIVEN a late day before the current run with a real gap behind it THEN only the current run grows", () => {
    const state = play(["2026-11-10", "2026-11-15", "2026-11-16", "2026-11-14"]);
    expect(state).toMatchObject({ current: 3, longest: 3, lastDay: "2026-11-16" });
  });

  it("GIVEN a late day right after the previous run THEN that run grows, which can make it the longest", () => {
    const state = play(["2026-11-01", "2026-11-02", "2026-11-10", "2026-11-03"]);
    expect(state).toEqual({
      current: 1,
      longest: 3,
      lastDay: "2026-11-10",
      previous: { length: 3, lastDay: "2026-11-03" },
    });
  });

  it("GIVEN any order of delivery of days at most a day late THEN the figures equal those of the days in order", () => {
    // Every delivery in which some days swap places with the day after them (two commits racing at midnight).
    const days = ["2026-11-01", "2026-11-02", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-08"];
    for (let mask = 0; mask < 2 ** (days.length - 1); mask += 1) {
      const delivered = [...days];
      for (let i = 0; i < delivered.length - 1; i += 1) {
        if (mask & (1 << i) && delivered[i] === days[i]) {
          [delivered[i], delivered[i + 1]] = [delivered[i + 1] as string, delivered[i] as string];
        }
      }
      const { current, longest, lastDay } = play(delivered) ?? {};
      const expected = play(days);
      expect({ current, longest, lastDay }, delivered.join(" ")).toEqual({
        current: expected?.current,
        longest: expected?.longest,
        lastDay: expected?.lastDay,
      });
    }
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

  describe("with streak freezes", () => {
    const days = (first: string, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const at = new Date(`${first}T00:00:00Z`);
        at.setUTCDate(at.getUTCDate() + i);
        return at.toISOString().slice(0, 10);
      });
    const playWith = (list: readonly string[], cap = maxFreezes) =>
      list.reduce<StreakState | undefined>((state, day) => advanceStreak(state, day, cap), undefined);

    it("GIVEN 7 days in a row THEN one freeze is earned; 21 days earn no more than 2", () => {
      expect(playWith(days("2026-11-01", 6))?.freezes).toBeUndefined();
      expect(playWith(days("2026-11-01", 7))).toMatchObject({ current: 7, freezes: 1 });
      expect(playWith(days("2026-11-01", 14))?.freezes).toBe(2);
      expect(playWith(days("2026-11-01", 21))?.freezes).toBe(2);
    });

    it("GIVEN a missed day and a freeze THEN the freeze is spent and the streak goes on, the missed day counted", () => {
      const state = playWith([...days("2026-11-01", 7), "2026-11-09"]);
      expect(state).toMatchObject({ current: 9, longest: 9, lastDay: "2026-11-09" });
      expect(state?.freezes).toBeUndefined();
    });

    it("GIVEN two missed days and one freeze THEN the streak ends and the freeze is gone", () => {
      const state = playWith([...days("2026-11-01", 7), "2026-11-10"]);
      expect(state).toMatchObject({ current: 1, longest: 7, previous: { length: 7, lastDay: "2026-11-07" } });
      expect(state?.freezes).toBeUndefined();
    });

    it("GIVEN a group with freezes off THEN none is earned and a missed day ends the streak", () => {
      const state = playWith([...days("2026-11-01", 7), "2026-11-09"], 0);
      expect(state).toMatchObject({ current: 1, longest: 7 });
      expect(state?.freezes).toBeUndefined();
    });

    it("GIVEN a freeze held THEN the streak stays alive one day longer, and the freeze shows as spent meanwhile", () => {
      const state = playWith(days("2026-11-01", 7));
      if (!state) throw new Error("no streak");
      expect(liveStreak(state, "2026-11-08")).toBe(7);
      expect(freezesLeft(state, "2026-11-08")).toBe(1);
      // 8 November missed: alive on the 9th thanks to the freeze, which is then in use.
      expect(liveStreak(state, "2026-11-09")).toBe(7);
      expect(freezesLeft(state, "2026-11-09")).toBe(0);
      expect(liveStreak(state, "2026-11-10")).toBe(0);
    });
  });
});
