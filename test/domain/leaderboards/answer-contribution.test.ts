import { describe, expect, it } from "vitest";
import {
  advancedStreaks,
  aggregateContributions,
  streakDays,
} from "../../../src/domain/leaderboards/answer-contribution.js";

const berlin = { id: 7, timeZone: "Europe/Berlin" };
const utc = { id: 3, timeZone: "UTC" };

describe("what answers add to the leaderboards", () => {
  it("GIVEN two answers of one member in one group THEN week, month and all-time figures each add both", () => {
    const rows = aggregateContributions([
      { userId: 1, points: 140, correct: true, answeredAt: new Date("2026-03-02T10:00:00Z"), groups: [utc] },
      { userId: 1, points: 0, correct: false, answeredAt: new Date("2026-03-02T11:00:00Z"), groups: [utc] },
    ]);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ groupId: 3, userId: 1, points: 140, answered: 2, correct: 1 });
      // The later answer scored nothing, so the score was reached with the first.
      expect(row.reachedAt).toEqual(new Date("2026-03-02T10:00:00Z"));
    }
  });

  it("GIVEN an answer just after midnight in Berlin THEN the Berlin group counts it in the next month", () => {
    const answeredAt = new Date("2026-03-31T22:30:00Z");
    const rows = aggregateContributions([
      { userId: 2, points: 100, correct: true, answeredAt, groups: [berlin, utc] },
    ]);
    const months = rows.filter((row) => /^\d{4}-\d{2}$/.test(row.periodKey));
    expect(months.map((row) => [row.groupId, row.periodKey])).toEqual([
      [3, "2026-03"],
      [7, "2026-04"],
    ]);
  });

  it("GIVEN correct answers on two days THEN the streak advances by both, from the stored state", () => {
    const touched = streakDays([
      { userId: 1, groups: [utc], at: new Date("2026-03-03T09:00:00Z") },
      { userId: 1, groups: [utc], at: new Date("2026-03-02T09:00:00Z") },
    ]);
    const [changed] = advancedStreaks(
      touched,
      new Map([["3\u00001", { current: 4, longest: 4, lastDay: "2026-03-01" }]]),
    );
    expect(changed).toMatchObject({ groupId: 3, userId: 1, current: 6, longest: 6, lastDay: "2026-03-03" });
  });

  it("GIVEN a day already counted THEN the streak does not change", () => {
    const touched = streakDays([{ userId: 1, groups: [utc], at: new Date("2026-03-01T20:00:00Z") }]);
    const before = new Map([["3\u00001", { current: 4, longest: 4, lastDay: "2026-03-01" }]]);
    expect(advancedStreaks(touched, before)).toEqual([]);
  });
});
