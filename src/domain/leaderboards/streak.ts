import { addDays, type LocalDay } from "./local-day.js";

/** Consecutive local days with at least one correct answer (or review graded better than Again). */
export interface StreakState {
  readonly current: number;
  readonly longest: number;
  /** The last day that counted, in the group's time zone. */
  readonly lastDay: LocalDay;
}

/**
 * The streak after a counting activity on `day`: the same day keeps it, the next day extends it, any
 * later day starts again at 1. A day before `lastDay` (a late delivery from another process) changes
 * nothing: history is never rewritten, so the incremental figure always equals a recount of the days.
 */
export function advanceStreak(previous: StreakState | undefined, day: LocalDay): StreakState {
  if (!previous) return { current: 1, longest: 1, lastDay: day };
  if (day <= previous.lastDay) return previous;
  const current = addDays(previous.lastDay, 1) === day ? previous.current + 1 : 1;
  return { current, longest: Math.max(previous.longest, current), lastDay: day };
}

/**
 * The streak as a member sees it on `today`: still alive while they may extend it today, that is while
 * the last counted day is today or yesterday; otherwise 0.
 */
export function liveStreak(state: Pick<StreakState, "current" | "lastDay">, today: LocalDay): number {
  return state.lastDay >= addDays(today, -1) ? state.current : 0;
}
