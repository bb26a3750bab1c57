import {
  advanceStreak,
  freezesLeft,
  liveStreak,
  maxFreezes,
  type StreakState,
} from "../leaderboards/streak.js";
import { addDays } from "../time/local-time.js";

export interface DayCount {
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  readonly count: number;
}

/**
 * Due cards per local day for `days` days from `today`; anything due before today is overdue and counts
 * as due today.
 */
export function dueForecast(rows: readonly DayCount[], today: string, days: number): DayCount[] {
  const forecast = Array.from({ length: days }, (_, i) => ({ date: addDays(today, i), count: 0 }));
  for (const row of rows) {
    const index = row.date <= today ? 0 : forecast.findIndex((day) => day.date === row.date);
    const slot = forecast[index];
    if (index >= 0 && slot) slot.count += row.count;
  }
  return forecast;
}

/** Share of reviews not graded Again; `null` without any reviews (no figure beats a made-up 0 %). */
export function retentionRate(reviews: number, again: number): number | null {
  return reviews === 0 ? null : (reviews - again) / reviews;
}

export interface Streaks {
  readonly current: number;
  readonly longest: number;
  /** Streak freezes still held today. */
  readonly freezes: number;
}

/**
 * Daily streaks from the local days with any activity, by the leaderboards' rule (`advanceStreak`, with
 * freezes: one earned per 7 days in a row, at most 2, a missed day spends one). The current streak still
 * counts when today has no activity yet but yesterday had (the day is not over), or when the freezes held
 * cover the days missed since.
 */
export function streaks(activeDays: readonly string[], today: string): Streaks {
  const days = [...new Set(activeDays)].filter((day) => day <= today).sort();
  const state = days.reduce<StreakState | undefined>(
    (current, day) => advanceStreak(current, day, maxFreezes),
    undefined,
  );
  if (!state) return { current: 0, longest: 0, freezes: 0 };
  return { current: liveStreak(state, today), longest: state.longest, freezes: freezesLeft(state, today) };
}

export interface TagTally {
  readonly tag: string;
  readonly total: number;
  readonly right: number;
}

export interface TopicScore {
  readonly tag: string;
  readonly accuracy: number;
  readonly total: number;
}

/**
 * Strongest and weakest topics by accuracy, among tags with at least `minCount` gradings, so one lucky
 * answer does not make a topic the strongest. The two lists never share a tag.
 */
export function rankTopics(
  tallies: readonly TagTally[],
  minCount: number,
  size: number,
): { strongest: TopicScore[]; weakest: TopicScore[] } {
  const scored = tallies
    .filter((tally) => tally.total >= minCount)
    .map((tally) => ({ tag: tally.tag, accuracy: tally.right / tally.total, total: tally.total }))
    .sort((a, b) => b.accuracy - a.accuracy || b.total - a.total || a.tag.localeCompare(b.tag));
  const strongest = scored.slice(0, Math.min(size, Math.ceil(scored.length / 2)));
  const taken = new Set(strongest.map((topic) => topic.tag));
  const weakest = scored
    .filter((topic) => !taken.has(topic.tag))
    .reverse()
    .slice(0, size);
  return { strongest, weakest };
}
