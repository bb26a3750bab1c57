import { dayToUtc, type LocalDay, localDay } from "../time/local-time.js";

/** The leaderboard periods a member can ask for. */
export type Period = "week" | "month" | "all";
export const periods: readonly Period[] = ["week", "month", "all"];

/** Keys under which an answer is counted: stored in `score_aggregates.period_key`. */
export interface PeriodKeys {
  readonly week: string;
  readonly month: string;
  readonly all: "all";
}

/**
 * ISO 8601 week of a calendar day, as "2026-W53". The week-year is the year of the week's Thursday, so
 * 2027-01-01 (a Friday) is still in 2026-W53 and 2025-12-29 (a Monday) already in 2026-W01.
 */
export function isoWeekKey(day: LocalDay): string {
  const date = dayToUtc(day);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() - weekday + 3);
  const weekYear = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

/** Calendar month of a day, as "2026-11". */
export function monthKey(day: LocalDay): string {
  return day.slice(0, 7);
}

/** Every period an answer given at `instant` counts for, in the group's time zone. */
export function periodKeys(instant: Date, timeZone: string): PeriodKeys {
  const day = localDay(instant, timeZone);
  return { week: isoWeekKey(day), month: monthKey(day), all: "all" };
}

/** The key of the `period` that contains `instant` in `timeZone`: what `/leaderboard week` shows now. */
export function currentPeriodKey(period: Period, instant: Date, timeZone: string): string {
  return periodKeys(instant, timeZone)[period];
}
