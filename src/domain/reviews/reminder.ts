import { localDateTime } from "../time/local-time.js";
import { type ReviewSettings, timeZoneOf } from "./review-settings.js";

/**
 * Seconds one review card takes on average: read, answer or recall, grade. Anki's statistics put typical
 * review times at 8-15 s per card; ours also show an explanation, so 30 s is a deliberately generous guess.
 */
export const secondsPerCard = 30;

/** "about N minutes" for N due cards, never less than one minute. */
export function estimateMinutes(dueCards: number): number {
  return Math.max(1, Math.round((dueCards * secondsPerCard) / 60));
}

/** Whether `now` is the member's reminder minute, in their zone. */
export function isReminderMinute(settings: ReviewSettings, now: Date): boolean {
  if (!settings.remindersEnabled || settings.reminderTime === null) return false;
  return localDateTime(now, timeZoneOf(settings)).time === settings.reminderTime;
}

/** The exactly-once key for a member's reminder on their local day. */
export function reminderClaimKey(userId: number, settings: ReviewSettings, now: Date): string {
  return `reminder:${userId}:${localDateTime(now, timeZoneOf(settings)).date}`;
}
