import { err, ok, type Result } from "../result.js";
import { parseTimeOfDay } from "../time/local-time.js";
import { minimumSpacingMinutes } from "./answer-window.js";
import type { ScheduleProblem } from "./schedule-problem.js";

/** A schedule's `when` as a cron expression, with the words the admin used for `/quiz schedule list`. */
export interface ParsedWhen {
  readonly cron: string;
  readonly description: string;
}

const dayNumbers: Readonly<Record<string, number>> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

const dayForms: Readonly<Record<string, string>> = {
  daily: "*",
  everyday: "*",
  weekdays: "1-5",
  weekends: "0,6",
};

/** `every N minutes` must divide the hour, so the posts are evenly spaced and land on the same minutes. */
export const everyMinutesChoices = [10, 12, 15, 20, 30, 60] as const;

/**
 * Splits typed text such as `weekdays 09:00 python 3 Europe/Berlin` into the `when` and what follows.
 * The form fixes the length: `every N minutes` is three words, a day form and a time two, else five cron
 * fields (one word for a nickname such as `@daily`). Slack and the console deliver the whole line as `when`, Discord only the `when`.
 */
export function splitWhen(text: string): { readonly when: string; readonly rest: readonly string[] } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.toLowerCase() ?? "";
  const length =
    first === "every" ? 3 : first in dayForms || isDayList(first) ? 2 : first.startsWith("@") ? 1 : 5;
  return { when: words.slice(0, length).join(" "), rest: words.slice(length) };
}

/** Parses each `when` form into a cron expression; the cron itself is validated by the app (node-cron). */
export function parseWhen(text: string): Result<ParsedWhen, ScheduleProblem> {
  const when = text.trim().replace(/\s+/g, " ");
  const words = when.split(" ");
  const first = words[0]?.toLowerCase() ?? "";
  if (first === "every") {
    const match = /^every (\d{1,4}) ?(m|min|mins|minute|minutes)$/i.exec(when);
    if (!match) return err({ code: "unrecognised_when", text: when });
    const minutes = Number(match[1]);
    if (!everyMinutesChoices.some((choice) => choice === minutes) || minutes < minimumSpacingMinutes) {
      return err({ code: "bad_interval", minutes });
    }
    return ok({ cron: minutes === 60 ? "0 * * * *" : `*/${minutes} * * * *`, description: when });
  }
  const days = dayForms[first] ?? (isDayList(first) ? dayList(first) : undefined);
  if (days !== undefined || (words.length === 2 && /^[a-z,]+$/i.test(first))) {
    if (days === undefined) return err({ code: "bad_days", text: words[0] ?? "" });
    if (words.length !== 2) return err({ code: "unrecognised_when", text: when });
    const time = parseTimeOfDay(words[1] ?? "");
    if (!time) return err({ code: "bad_time", text: words[1] ?? "" });
    const [hours, minutes] = time.split(":").map(Number);
    return ok({ cron: `${minutes} ${hours} * * ${days}`, description: `${first} ${time}` });
  }
  // Five cron fields, or a nickname such as @daily; node-cron validates them in the app.
  if (words.length === 5 || (words.length === 1 && first.startsWith("@"))) {
    return ok({ cron: when, description: when });
  }
  return err({ code: "unrecognised_when", text: when });
}

function isDayList(word: string): boolean {
  const names = word.split(",");
  return names.length > 0 && names.every((name) => name in dayNumbers);
}

function dayList(word: string): string {
  const numbers = word.split(",").map((name) => dayNumbers[name] ?? 0);
  return [...new Set(numbers)].sort((a, b) => a - b).join(",");
}
