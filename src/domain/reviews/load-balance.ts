import { get_fuzz_range } from "ts-fsrs";
import type { ReviewCard } from "./review-card.js";

const dayMs = 86_400_000;

/** 2 Review in ts-fsrs's `State`: the only state whose intervals are whole days and fuzzed. */
const reviewState = 2;

/**
 * The whole days after a review that a card's next interval may take: ts-fsrs's fuzz range around the
 * interval FSRS computed (`get_fuzz_range`, the same range `apply_fuzz` draws from). `undefined` for
 * intervals ts-fsrs does not fuzz (under 2.5 days).
 */
export interface FuzzWindow {
  readonly minDays: number;
  readonly maxDays: number;
}

export function fuzzWindow(
  intervalDays: number,
  elapsedDays: number,
  maximumInterval: number,
): FuzzWindow | undefined {
  if (intervalDays < 2.5) return undefined;
  const { min_ivl, max_ivl } = get_fuzz_range(intervalDays, elapsedDays, maximumInterval);
  return { minDays: min_ivl, maxDays: max_ivl };
}

/** How heavy a day already is for the member, given an instant on it (see `dayLoad`). */
export type LoadOn = (due: Date) => number;

/**
 * Load balancing, after Anki's load balancer: instead of the day fuzz drew at random, the card goes to the
 * day of its fuzz window that is lightest for the member (`loadOn`); among equally light days, the one
 * nearest the day fuzz drew, so cards learned together still spread out. The card never leaves its window:
 * a card FSRS placed outside it (ts-fsrs keeps Good after Hard and Easy after Good, which can push an
 * interval past the window) or in no window (learning steps, short intervals) keeps its due.
 */
export function balanceDue(
  card: ReviewCard,
  window: FuzzWindow | undefined,
  reviewedAt: Date,
  loadOn: LoadOn,
): ReviewCard {
  const drawn = card.scheduledDays;
  if (!window || card.state !== reviewState || drawn < window.minDays || drawn > window.maxDays) return card;
  let best = drawn;
  let bestLoad = loadOn(daysAfter(reviewedAt, drawn));
  for (let days = window.minDays; days <= window.maxDays; days += 1) {
    const load = loadOn(daysAfter(reviewedAt, days));
    if (load < bestLoad || (load === bestLoad && Math.abs(days - drawn) < Math.abs(best - drawn))) {
      best = days;
      bestLoad = load;
    }
  }
  return best === drawn ? card : { ...card, scheduledDays: best, due: daysAfter(reviewedAt, best) };
}

/** The instant `days` whole days after `at`, as ts-fsrs places a due date. */
export function daysAfter(at: Date, days: number): Date {
  return new Date(at.getTime() + days * dayMs);
}

/**
 * A member's "easy days": weekdays (0 Sunday to 6 Saturday, in the member's zone) that take fewer reviews.
 * A light day counts as full at half the cards of an ordinary one, so the balancer fills it half as fast.
 */
export const lightDayCapacity = 0.5;

/**
 * The load of a local day: (cards already due on it + 1) / its capacity. The +1 is the card being placed,
 * so an empty light day still weighs more than an empty ordinary day.
 */
export function dayLoad(
  dueCount: number,
  weekday: number,
  lightWeekdays: ReadonlySet<number> | readonly number[],
): number {
  const light = Array.isArray(lightWeekdays)
    ? lightWeekdays.includes(weekday)
    : (lightWeekdays as ReadonlySet<number>).has(weekday);
  return (dueCount + 1) / (light ? lightDayCapacity : 1);
}

/** The weekday (0 Sunday to 6 Saturday) of a YYYY-MM-DD calendar date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
