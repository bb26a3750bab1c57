import { addDays, dayToUtc, type LocalDay } from "../time/local-time.js";

/** A member earns one streak freeze each time their streak passes a multiple of this many days. */
export const freezeEvery = 7;
/** The most freezes a member holds at once. */
export const maxFreezes = 2;

/** A run of consecutive counted days, by its length and last day. */
export interface StreakRun {
  readonly length: number;
  readonly lastDay: LocalDay;
}

/** Consecutive local days with at least one correct answer (or review graded better than Again). */
export interface StreakState {
  readonly current: number;
  readonly longest: number;
  /** The last day that counted, in the group's time zone. */
  readonly lastDay: LocalDay;
  /**
   * The run before the current one, when known: a day that arrives late (see `advanceStreak`) and fills
   * the one-day gap between the two runs joins them.
   */
  readonly previous?: StreakRun;
  /**
   * Streak freezes held (absent: none). A day missed between two counted days uses one, and counts in the
   * streak as if studied; a gap longer than the freezes held ends the streak and spends them all.
   */
  readonly freezes?: number;
}

/**
 * The streak after a counting activity on `day`: the same day keeps it, the next day extends it, any
 * later day starts again at 1 (the run it ends is kept as `previous`).
 *
 * Activities are counted as their transactions commit, which near midnight need not be the order of their
 * days: an answer given at 23:59:59 can be stored after one given at 00:00:01 by another process, and a
 * graded challenge is stored seconds after it was sent. Such a late day is placed where it belongs: inside
 * the current run it changes nothing; on the day before the current run it extends the run backwards, and
 * joins the previous run too when that ended the day before; on the day after the previous run it extends
 * that. So the figure equals a recount of the days whenever deliveries are late by less than a run, which
 * is all a commit order can make them.
 */
export function advanceStreak(state: StreakState | undefined, day: LocalDay, freezeCap = 0): StreakState {
  if (!state) return { current: 1, longest: 1, lastDay: day };
  const held = Math.min(state.freezes ?? 0, freezeCap);
  if (day > state.lastDay) {
    const missed = daysBetween(state.lastDay, day) - 1;
    if (missed <= held) {
      const current = state.current + missed + 1;
      return withLongest(
        withFreezes(
          { ...state, current, lastDay: day },
          earned(held - missed, state.current, current, freezeCap),
        ),
      );
    }
    return withLongest({
      current: 1,
      longest: state.longest,
      lastDay: day,
      previous: { length: state.current, lastDay: state.lastDay },
    });
  }
  const runStart = addDays(state.lastDay, 1 - state.current);
  if (day >= runStart) return state;
  const { previous } = state;
  if (day === addDays(runStart, -1)) {
    if (previous && previous.lastDay === addDays(day, -1)) {
      // The late day was the only gap: the two runs are one. What came before them is not known.
      const current = state.current + 1 + previous.length;
      return withLongest(
        withFreezes(
          { current, longest: state.longest, lastDay: state.lastDay },
          earned(held, state.current, current, freezeCap),
        ),
      );
    }
    const current = state.current + 1;
    return withLongest(withFreezes({ ...state, current }, earned(held, state.current, current, freezeCap)));
  }
  if (previous && day === addDays(previous.lastDay, 1)) {
    const extended = { length: previous.length + 1, lastDay: day };
    return { ...state, longest: Math.max(state.longest, extended.length), previous: extended };
  }
  // Inside the previous run, or further back than the runs kept: a recount would place it, nothing here can.
  return state;
}

/** Freezes after a run grows from `before` to `after` days: one per multiple of `freezeEvery` passed. */
function earned(held: number, before: number, after: number, cap: number): number {
  const passed = Math.floor(after / freezeEvery) - Math.floor(before / freezeEvery);
  return Math.min(cap, held + passed);
}

/** The state with `freezes` set, or without the field when none are held (as before freezes existed). */
function withFreezes(state: StreakState, freezes: number): StreakState {
  const { freezes: _old, ...rest } = state;
  return freezes > 0 ? { ...rest, freezes } : rest;
}

function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((dayToUtc(to).getTime() - dayToUtc(from).getTime()) / 86_400_000);
}

function withLongest(state: StreakState): StreakState {
  return state.current > state.longest ? { ...state, longest: state.current } : state;
}

/**
 * The streak as a member sees it on `today`: still alive while they may extend it today, that is while
 * the last counted day is today or yesterday, or earlier by no more days than the freezes held cover;
 * otherwise 0.
 */
export function liveStreak(
  state: Pick<StreakState, "current" | "lastDay" | "freezes">,
  today: LocalDay,
): number {
  return state.lastDay >= addDays(today, -1 - (state.freezes ?? 0)) ? state.current : 0;
}

/** The freezes a member still holds on `today`: those held, less the days missed since the last counted one. */
export function freezesLeft(
  state: Pick<StreakState, "current" | "lastDay" | "freezes">,
  today: LocalDay,
): number {
  if (liveStreak(state, today) === 0) return 0;
  const missed = Math.max(0, daysBetween(state.lastDay, today) - 1);
  return Math.max(0, (state.freezes ?? 0) - missed);
}
