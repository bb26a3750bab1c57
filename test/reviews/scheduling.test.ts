import { describe, expect, it } from "vitest";
import { AGAIN, EASY, GOOD, gradeFromAnswer, HARD } from "../../src/domain/reviews/grading.js";
import {
  gradeCard,
  newReviewCard,
  previewGrades,
  type ReviewCard,
} from "../../src/domain/reviews/review-card.js";

const t0 = new Date("2026-03-02T10:00:00Z");
const day = 86_400_000;

/** Grades Good each time the card falls due, returning every interval in days. */
function goodIntervals(times: number, retention = 0.9): number[] {
  let card: ReviewCard = newReviewCard(t0);
  let now = t0;
  const intervals: number[] = [];
  for (let i = 0; i < times; i += 1) {
    card = gradeCard(card, GOOD, now, retention).card;
    intervals.push((card.due.getTime() - now.getTime()) / day);
    now = card.due;
  }
  return intervals;
}

describe("review scheduling with FSRS", () => {
  it("GIVEN a new card WHEN answered Good THEN it comes back later than when answered Again", () => {
    const good = gradeCard(newReviewCard(t0), GOOD, t0, 0.9).card;
    const again = gradeCard(newReviewCard(t0), AGAIN, t0, 0.9).card;
    expect(good.due.getTime()).toBeGreaterThan(again.due.getTime());
    expect(again.due.getTime()).toBeGreaterThan(t0.getTime());
  });

  it("GIVEN successive Good answers THEN once learned every interval is longer than the one before", () => {
    const intervals = goodIntervals(6);
    // The first Goods walk the short learning steps (minutes); from the review state on, intervals grow.
    const reviewIntervals = intervals.filter((interval) => interval >= 1);
    expect(reviewIntervals.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < reviewIntervals.length; i += 1) {
      expect(reviewIntervals[i]).toBeGreaterThan(reviewIntervals[i - 1] ?? Number.POSITIVE_INFINITY);
    }
  });

  it("GIVEN a higher desired retention THEN the next interval of a learned card is shorter", () => {
    let card = newReviewCard(t0);
    let now = t0;
    for (let i = 0; i < 3; i += 1) {
      card = gradeCard(card, GOOD, now, 0.9).card;
      now = card.due;
    }
    const relaxed = gradeCard(card, GOOD, now, 0.7).card;
    const strict = gradeCard(card, GOOD, now, 0.97).card;
    expect(strict.due.getTime()).toBeLessThan(relaxed.due.getTime());
  });

  it("GIVEN a grading THEN its log holds the rating, the state before, the time and the card figures", () => {
    const first = gradeCard(newReviewCard(t0), GOOD, t0, 0.9);
    const later = new Date(first.card.due.getTime() + 60_000);
    const second = gradeCard(first.card, HARD, later, 0.9);
    expect(first.log).toMatchObject({ rating: GOOD, state: 0, reviewedAt: t0 });
    expect(second.log).toMatchObject({ rating: HARD, state: first.card.state, reviewedAt: later });
    expect(second.card.reps).toBe(2);
  });

  it("GIVEN a card THEN the preview for each grade is ordered Again <= Hard <= Good <= Easy", () => {
    const preview = previewGrades(newReviewCard(t0), t0, 0.9);
    expect(preview[1].getTime()).toBeLessThanOrEqual(preview[2].getTime());
    expect(preview[2].getTime()).toBeLessThanOrEqual(preview[3].getTime());
    expect(preview[3].getTime()).toBeLessThanOrEqual(preview[4].getTime());
  });
});

describe("grading an answer", () => {
  const choice = { kind: "choice" as const, seconds: 20 };
  it("GIVEN a wrong answer THEN Again, however fast", () => {
    expect(gradeFromAnswer({ ...choice, correct: false, responseMs: 1000 })).toBe(AGAIN);
  });
  it("GIVEN a right choice answer THEN Easy under 25 % of the time, Hard over 75 %, else Good", () => {
    expect(gradeFromAnswer({ ...choice, correct: true, responseMs: 4_900 })).toBe(EASY);
    expect(gradeFromAnswer({ ...choice, correct: true, responseMs: 10_000 })).toBe(GOOD);
    expect(gradeFromAnswer({ ...choice, correct: true, responseMs: 15_100 })).toBe(HARD);
  });
  it("GIVEN a typed answer THEN typing time is allowed for: 80 % of the time is still Good", () => {
    expect(gradeFromAnswer({ kind: "text", seconds: 20, correct: true, responseMs: 16_000 })).toBe(GOOD);
    expect(gradeFromAnswer({ kind: "choice", seconds: 20, correct: true, responseMs: 16_000 })).toBe(HARD);
    expect(gradeFromAnswer({ kind: "output", seconds: 20, correct: true, responseMs: 6_000 })).toBe(EASY);
    expect(gradeFromAnswer({ kind: "text", seconds: 20, correct: true, responseMs: 19_000 })).toBe(HARD);
  });
});
