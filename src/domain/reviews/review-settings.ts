import type { ExpectedInput } from "../expected-input.js";
import { err, ok, type Result } from "../result.js";
import { isTimeZone, parseTimeOfDay } from "../time/local-time.js";
import { defaultRetention, maxRetention, minRetention } from "./review-card.js";
import type { Vacation } from "./vacation.js";

export interface ReviewSettings {
  readonly desiredRetention: number;
  readonly newCardsPerDay: number;
  /** IANA zone; `null` until the member sets one, and then UTC is assumed. */
  readonly timeZone: string | null;
  /** HH:MM local time, or `null` for no reminder. */
  readonly reminderTime: string | null;
  readonly remindersEnabled: boolean;
  /** Cards on the review's findings join the member's reviews when their own code is run. */
  readonly snippetCards: boolean;
  /** "Easy days": weekdays (0 Sunday to 6 Saturday) that take fewer reviews; see `load-balance.ts`. */
  readonly lightWeekdays: readonly number[];
  /**
   * Vacation mode (`vacation.ts`): set and ended through the vacation store, never by saving settings, so a
   * settings save cannot bring back a vacation another process just ended.
   */
  readonly vacation: Vacation | null;
}

export const defaultReviewSettings: ReviewSettings = {
  desiredRetention: defaultRetention,
  newCardsPerDay: 10,
  timeZone: null,
  reminderTime: null,
  remindersEnabled: false,
  snippetCards: true,
  lightWeekdays: [],
  vacation: null,
};

/** What `/review settings` was given; absent fields stay as they are. */
export interface SettingsInput {
  readonly retention?: number;
  readonly newPerDay?: number;
  readonly timeZone?: string;
  /** "HH:MM" or "off". */
  readonly reminder?: string;
  readonly snippetCards?: boolean;
  /** Weekday names or abbreviations, comma separated ("sat,sun"), or "none". */
  readonly easyDays?: string;
}

export type SettingsProblem =
  | { readonly field: "retention"; readonly expected: ExpectedInput }
  | { readonly field: "new_per_day"; readonly expected: ExpectedInput }
  | { readonly field: "timezone"; readonly expected: ExpectedInput }
  | { readonly field: "reminder"; readonly expected: ExpectedInput }
  | { readonly field: "easy_days"; readonly expected: ExpectedInput };

/** Applies the input to the current settings; a reminder time turns reminders on, "off" turns them off. */
export function applySettings(
  current: ReviewSettings,
  input: SettingsInput,
): Result<ReviewSettings, SettingsProblem> {
  let next = { ...current };
  if (input.retention !== undefined) {
    if (!(input.retention >= minRetention && input.retention <= maxRetention)) {
      return err({
        field: "retention",
        expected: { type: "number", min: minRetention, max: maxRetention, whole: false },
      });
    }
    next = { ...next, desiredRetention: input.retention };
  }
  if (input.newPerDay !== undefined) {
    if (!Number.isInteger(input.newPerDay) || input.newPerDay < 0 || input.newPerDay > 200) {
      return err({ field: "new_per_day", expected: { type: "number", min: 0, max: 200, whole: true } });
    }
    next = { ...next, newCardsPerDay: input.newPerDay };
  }
  if (input.timeZone !== undefined) {
    if (!isTimeZone(input.timeZone)) {
      return err({ field: "timezone", expected: { type: "time_zone" } });
    }
    next = { ...next, timeZone: input.timeZone };
  }
  if (input.reminder !== undefined) {
    if (input.reminder.trim().toLowerCase() === "off") {
      next = { ...next, remindersEnabled: false };
    } else {
      const time = parseTimeOfDay(input.reminder);
      if (!time) return err({ field: "reminder", expected: { type: "time_of_day_or_off" } });
      next = { ...next, reminderTime: time, remindersEnabled: true };
    }
  }
  if (input.snippetCards !== undefined) next = { ...next, snippetCards: input.snippetCards };
  if (input.easyDays !== undefined) {
    const days = parseWeekdays(input.easyDays);
    if (!days) return err({ field: "easy_days", expected: { type: "weekdays_or_none" } });
    next = { ...next, lightWeekdays: days };
  }
  return ok(next);
}

/** The zone a member's days are counted in. */
export function timeZoneOf(settings: ReviewSettings): string {
  return settings.timeZone ?? "UTC";
}

const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/**
 * "sat,sun", "Saturday Sunday" or "none" as sorted weekday numbers (0 Sunday); `undefined` when a word is
 * no weekday (three letters at least). At most six: a week of light days is no lighter than ordinary ones.
 */
export function parseWeekdays(text: string): number[] | undefined {
  const words = text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((word) => word !== "");
  if (words.length === 1 && (words[0] === "none" || words[0] === "off")) return [];
  const days = new Set<number>();
  for (const word of words) {
    const index = weekdayNames.findIndex((name) => word.length >= 3 && name.startsWith(word));
    if (index < 0) return undefined;
    days.add(index);
  }
  if (days.size === 0 || days.size > 6) return undefined;
  return [...days].sort((a, b) => a - b);
}
