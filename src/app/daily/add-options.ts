import type { ExpectedInput } from "../../domain/expected-input.js";
import type { OptionValue } from "../../domain/ports/chat-platform.js";
import { err, ok, type Result } from "../../domain/result.js";
import { splitWhen } from "../../domain/schedules/when.js";

export interface AddOptions {
  readonly when: string;
  readonly pack?: string;
  readonly questions?: number;
  readonly timezone?: string;
  readonly closeBefore?: number;
}

type OptionProblem = {
  readonly code: "invalid_option";
  readonly option: string;
  readonly expected: ExpectedInput;
};

/**
 * The add command's options. Typed text (Slack, the console) delivers the whole line as `when`
 * (`weekdays 09:00 asyncio 3 Europe/Berlin`); what follows the `when` fills pack, questions and time zone
 * and answers' close in order, or by name (`timezone:Europe/Berlin`, `close_before:30`). Discord delivers each option on its own.
 */
export function addOptions(raw: Readonly<Record<string, OptionValue>>): Result<AddOptions, OptionProblem> {
  const { when, rest } = splitWhen(String(raw.when ?? ""));
  const given: Record<string, string | number> = {};
  for (const name of ["pack", "questions", "timezone", "close_before"] as const) {
    const value = raw[name];
    if (typeof value === "string" || typeof value === "number") given[name] = value;
  }
  const positional = ["pack", "questions", "timezone", "close_before"].filter((name) => !(name in given));
  for (const word of rest) {
    const named = /^(pack|questions|timezone|close_before)[:=](.+)$/.exec(word);
    // A time zone is recognised wherever it stands (`weekdays 09:00 Europe/Berlin asyncio`), so it is
    // never taken for the pack; a word shaped like one (Area/City) that no zone matches is a time zone
    // that was mistyped, and is checked and refused as one.
    const zoneLike = !named && !("timezone" in given) && looksLikeTimeZone(word);
    if (zoneLike) {
      given.timezone = word;
      positional.splice(positional.indexOf("timezone"), 1);
      continue;
    }
    const name = named?.[1] ?? positional.shift();
    if (!name) {
      return err({
        code: "invalid_option",
        option: word,
        expected: { type: "schedule_add_usage" },
      });
    }
    given[name] = named?.[2] ?? word;
  }
  const questions = given.questions === undefined ? undefined : Number(given.questions);
  if (questions !== undefined && !(Number.isInteger(questions) && questions >= 1 && questions <= 10)) {
    return err({
      code: "invalid_option",
      option: "questions",
      expected: { type: "number", min: 1, max: 10, whole: true, example: 3 },
    });
  }
  const closeBefore = given.close_before === undefined ? undefined : Number(given.close_before);
  if (
    closeBefore !== undefined &&
    !(Number.isInteger(closeBefore) && closeBefore >= 0 && closeBefore <= 1440)
  ) {
    return err({
      code: "invalid_option",
      option: "close_before",
      expected: {
        type: "number",
        min: 0,
        max: 1440,
        whole: true,
        example: 60,
        counts: "minutes_before_post",
      },
    });
  }
  return ok({
    when,
    ...(closeBefore !== undefined ? { closeBefore } : {}),
    ...(given.pack !== undefined ? { pack: String(given.pack) } : {}),
    ...(questions !== undefined ? { questions } : {}),
    ...(given.timezone !== undefined ? { timezone: String(given.timezone) } : {}),
  });
}

/** `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+2`: never a pack id or a topic. */
function looksLikeTimeZone(word: string): boolean {
  return /^[A-Za-z][A-Za-z_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(word) || /^(UTC|GMT)$/i.test(word);
}
