import { describe, expect, it } from "vitest";
import { rankStandings, type Standing } from "../../src/domain/leaderboards/ranking.js";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));
const member = (userId: number, figures: Partial<Standing>): Standing => ({
  userId,
  points: 0,
  answered: 1,
  correct: 0,
  reachedAt: at(0),
  streak: 0,
  longestStreak: 0,
  ...figures,
});
const order = (ranked: ReturnType<typeof rankStandings>) => ranked.map((entry) => entry.standing.userId);

describe("ranking", () => {
  it("GIVEN different points THEN more points rank first", () => {
    const ranked = rankStandings("points", [member(1, { points: 100 }), member(2, { points: 300 })]);
    expect(order(ranked)).toEqual([2, 1]);
    expect(ranked.map((entry) => entry.rank)).toEqual([1, 2]);
  });

  it("GIVEN equal points THEN the better accuracy, then the earlier arrival, then the lower user id wins", () => {
    const ranked = rankStandings("points", [
      member(5, { points: 200, answered: 4, correct: 2, reachedAt: at(1) }),
      member(4, { points: 200, answered: 2, correct: 2, reachedAt: at(9) }),
      member(3, { points: 200, answered: 4, correct: 2, reachedAt: at(1) }),
      member(2, { points: 200, answered: 2, correct: 1, reachedAt: at(0) }),
    ]);
    // 4 is perfect; 2 (1/2) and 3, 5 (2/4) tie on accuracy, 2 reached 200 first; 3 beats 5 on id.
    expect(order(ranked)).toEqual([4, 2, 3, 5]);
  });

  it("GIVEN the accuracy board THEN members under the minimum do not appear", () => {
    const ranked = rankStandings(
      "accuracy",
      [member(1, { answered: 9, correct: 9 }), member(2, { answered: 10, correct: 7 })],
      10,
    );
    expect(order(ranked)).toEqual([2]);
  });

  it("GIVEN the answers board THEN more answers rank first whatever the points", () => {
    const ranked = rankStandings("answers", [
      member(1, { answered: 3, points: 900 }),
      member(2, { answered: 7 }),
    ]);
    expect(order(ranked)).toEqual([2, 1]);
  });

  it("GIVEN the streak board THEN only live streaks rank, longest streak breaks ties", () => {
    const ranked = rankStandings("streak", [
      member(1, { streak: 3, longestStreak: 3 }),
      member(2, { streak: 3, longestStreak: 8 }),
      member(3, { streak: 0, longestStreak: 20 }),
    ]);
    expect(order(ranked)).toEqual([2, 1]);
  });
});
