import { describe, expect, it } from "vitest";
import { GOOD } from "../../src/domain/reviews/grading.js";
import { gradeCard, newReviewCard, type ReviewCard } from "../../src/domain/reviews/review-card.js";
import {
  type BacklogCard,
  isAway,
  isOver,
  parseVacation,
  spreadBacklog,
  spreadDays,
  type Vacation,
} from "../../src/domain/reviews/vacation.js";
import { localDay } from "../../src/domain/time/local-time.js";

// Monday 7 December 2026, 10:00 in Berlin (09:00 UTC).
const now = new Date("2026-12-07T09:00:00Z");
const zone = "Europe/Berlin";
const day = 86_400_000;

/** A card graded Good `times` times a day apart from `start`, so it is in review with some stability. */
function reviewed(start: Date, times: number): ReviewCard {
  let card = newReviewCard(start);
  let at = start;
  for (let i = 0; i < times; i += 1) {
    card = gradeCard(card, GOOD, at, 0.9).card;
    at = card.due;
  }
  return card;
}

/** `count` cards whose last review was `daysAgo` days ago and whose due has passed. */
function backlogOf(count: number, prefix: string, times = 3): BacklogCard[] {
  return Array.from({ length: count }, (_, index) => {
    const card = reviewed(new Date(now.getTime() - (40 + index) * day), times);
    return {
      questionId: `${prefix}${String(index).padStart(3, "0")}`,
      card: { ...card, due: new Date(now.getTime() - day) },
    };
  });
}

describe("vacation mode", () => {
  it("GIVEN vacation: a number of days, a date, on or off THEN each reads as the day back in the member's zone, no end, or back now", () => {
    const days = parseVacation("14", null, now, zone);
    expect(days).toEqual({
      ok: true,
      value: { kind: "away", vacation: { since: now, until: new Date("2026-12-20T23:00:00Z") } },
    });
    expect(parseVacation("3 days", null, now, zone)).toMatchObject({ ok: true });
    const date = parseVacation("2026-12-24", null, now, zone);
    expect(date).toEqual({
      ok: true,
      value: { kind: "away", vacation: { since: now, until: new Date("2026-12-23T23:00:00Z") } },
    });
    expect(parseVacation("on", null, now, zone)).toEqual({
      ok: true,
      value: { kind: "away", vacation: { since: now, until: null } },
    });
    expect(parseVacation("off", null, now, zone)).toEqual({ ok: true, value: { kind: "back" } });
  });

  it("GIVEN a vacation already begun WHEN its end changes THEN it keeps when it began", () => {
    const began = new Date(now.getTime() - 3 * day);
    const changed = parseVacation("2026-12-10", { since: began, until: null }, now, zone);
    expect(changed).toMatchObject({ ok: true, value: { kind: "away", vacation: { since: began } } });
  });

  it("GIVEN a day back that is today, past, over a year away, not a date, or a word THEN it is refused with what is expected", () => {
    for (const text of ["0", "2026-12-07", "2026-12-01", "366", "2026-02-30", "soon", "-3", ""]) {
      const parsed = parseVacation(text, null, now, zone);
      expect(parsed, text).toMatchObject({ ok: false });
      if (!parsed.ok) expect(parsed.error.expected).toEqual({ type: "vacation", maxDays: 365 });
    }
  });

  it("GIVEN a vacation THEN the member is away until the start of the day back, and then it is over", () => {
    const vacation: Vacation = { since: now, until: new Date("2026-12-10T23:00:00Z") };
    expect(isAway(vacation, new Date("2026-12-10T22:59:59Z"))).toBe(true);
    expect(isOver(vacation, new Date("2026-12-10T22:59:59Z"))).toBe(false);
    expect(isAway(vacation, new Date("2026-12-10T23:00:00Z"))).toBe(false);
    expect(isOver(vacation, new Date("2026-12-10T23:00:00Z"))).toBe(true);
    expect(isAway({ since: now, until: null }, new Date(now.getTime() + 400 * day))).toBe(true);
    expect(isOver({ since: now, until: null }, new Date(now.getTime() + 400 * day))).toBe(false);
    expect(isAway(null, now)).toBe(false);
  });

  it("GIVEN days away THEN the backlog is spread over that many days, at least today and at most a week", () => {
    const back = (days: number) =>
      spreadDays({ since: new Date(now.getTime() - days * day), until: null }, now, zone);
    expect(back(0)).toBe(1);
    expect(back(3)).toBe(3);
    expect(back(30)).toBe(7);
  });

  it("GIVEN 70 cards waiting and 10 due on each later day THEN the 7 days end level (130 cards: 18 or 19 a day), and nothing lands before today or after the week", () => {
    const backlog = backlogOf(70, "q");
    const dueOn = new Map(
      Array.from({ length: 6 }, (_, index) => [
        localDay(new Date(now.getTime() + (index + 1) * day), zone),
        10,
      ]),
    );
    const spread = spreadBacklog({ backlog, dueOn, now, zone, days: 7, lightWeekdays: [], retention: 0.9 });
    expect(spread.perDay).toEqual([19, 9, 9, 9, 8, 8, 8]);
    // Without the spread today would hold all 70: more than three times the level day.
    // Today's share keeps its due (already due); the 51 others fall due at local midnight of their day.
    expect(spread.moves).toHaveLength(51);
    const days = spread.moves.map((move) => localDay(move.due, zone));
    expect(new Set(days).size).toBe(6);
    for (const move of spread.moves) {
      expect(move.due.getTime()).toBeGreaterThan(now.getTime());
      expect(move.due.getTime()).toBeLessThan(now.getTime() + 7 * day);
      expect(new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeStyle: "short" }).format(move.due)).toBe(
        "00:00",
      );
    }
  });

  it("GIVEN an easy day in the spread THEN it takes half the cards of an ordinary one", () => {
    // 7 December 2026 is a Monday: the third day is Wednesday (3).
    const spread = spreadBacklog({
      backlog: backlogOf(50, "q"),
      dueOn: new Map(),
      now,
      zone,
      days: 3,
      lightWeekdays: [3],
      retention: 0.9,
    });
    expect(spread.perDay).toEqual([20, 20, 10]);
  });

  it("GIVEN cards forgotten to different degrees THEN the most likely forgotten come today and the safest wait longest", () => {
    // Weak cards: one review, stability of days. Strong ones: many reviews, stability of months.
    const weak = backlogOf(5, "weak", 1);
    const strong = backlogOf(5, "strong", 6);
    const spread = spreadBacklog({
      backlog: [...strong, ...weak],
      dueOn: new Map(),
      now,
      zone,
      days: 2,
      lightWeekdays: [],
      retention: 0.9,
    });
    expect(spread.perDay).toEqual([5, 5]);
    expect(spread.moves.map((move) => move.questionId).sort()).toEqual(
      strong.map((entry) => entry.questionId),
    );
  });

  it("GIVEN a one-day vacation or an empty backlog THEN nothing moves", () => {
    const input = { dueOn: new Map(), now, zone, lightWeekdays: [], retention: 0.9 };
    expect(spreadBacklog({ ...input, backlog: backlogOf(30, "q"), days: 1 })).toEqual({
      moves: [],
      perDay: [30],
    });
    expect(spreadBacklog({ ...input, backlog: [], days: 5 })).toEqual({ moves: [], perDay: [0, 0, 0, 0, 0] });
  });
});
