import { describe, expect, it } from "vitest";
import { GOOD } from "../../src/domain/reviews/grading.js";
import { gradeCard, newReviewCard, type ReviewCard } from "../../src/domain/reviews/review-card.js";
import { simulateWorkload, workloadDays } from "../../src/domain/reviews/workload.js";
import { presentReviewSettings } from "../../src/platforms/shared/wording/review.js";

const now = new Date("2026-06-01T08:00:00Z");

/** A deck learned over the last 60 days: 10 new cards a day, each graded Good at every due review. */
function learnedDeck(): ReviewCard[] {
  const cards: ReviewCard[] = [];
  for (let day = 60; day > 0; day -= 1) {
    const introduced = new Date(now.getTime() - day * 86_400_000);
    for (let i = 0; i < 10; i += 1) {
      let card = newReviewCard(introduced);
      let at = introduced;
      while (card.due.getTime() < now.getTime()) {
        at = new Date(Math.max(at.getTime(), card.due.getTime()));
        card = gradeCard(card, GOOD, at, 0.9).card;
      }
      cards.push(card);
    }
  }
  return cards;
}

describe("the workload of a retention", () => {
  it("GIVEN a member's deck THEN higher retention costs more reviews, 0.95 clearly more than 0.90, over 30 simulated days", () => {
    const input = { cards: learnedDeck(), newPerDay: 10, newAvailable: 300, start: now, seed: 7 };
    const totals = [0.8, 0.85, 0.9, 0.95].map((retention) => {
      const perDay = simulateWorkload(input, retention);
      expect(perDay).toHaveLength(workloadDays);
      return perDay.reduce((sum, n) => sum + n, 0);
    });
    expect(totals[0]).toBeLessThan(totals[1] ?? 0);
    expect(totals[1]).toBeLessThan(totals[2] ?? 0);
    // Over only 30 days, with new cards and their learning steps in every row, 0.95 costs about a fifth more
    // than 0.90 here (2,543 against 2,109 reviews); the long-run gap of reviews alone is wider.
    expect(totals[3]).toBeGreaterThan((totals[2] ?? 0) * 1.15);
    // Seeded: the same member sees the same table.
    expect(simulateWorkload(input, 0.9)).toEqual(simulateWorkload(input, 0.9));
  });

  it("GIVEN the settings view THEN the workload table lists each retention with reviews per day and marks the member's own", () => {
    const perDay = (n: number) => Array.from({ length: workloadDays }, () => n);
    const message = presentReviewSettings({
      kind: "review_settings",
      retention: 0.9,
      newPerDay: 10,
      timeZone: null,
      reminderTime: null,
      remindersEnabled: false,
      snippetCards: true,
      lightWeekdays: [0, 6],
      vacation: null,
      fitActionId: "rv:fit",
      workload: [
        { retention: 0.8, perDay: perDay(10), current: false },
        { retention: 0.9, perDay: perDay(20), current: true },
      ],
    });
    const table = message.blocks.find((block) => block.type === "table");
    expect(table).toMatchObject({
      rows: [
        ["80 %", "10.0", "10.0", "10.0", "10.0", "300"],
        ["90 % (yours)", "20.0", "20.0", "20.0", "20.0", "600"],
      ],
    });
    expect(message.buttons?.flat().map((button) => button.actionId)).toContain("rv:fit");
  });
});
