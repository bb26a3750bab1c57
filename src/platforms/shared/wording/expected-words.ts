import type { ExpectedInput } from "../../../domain/expected-input.js";

/** What a refused option should have been, in words, ready to follow "Expected". */
export function expectedWords(expected: ExpectedInput): string {
  switch (expected.type) {
    case "number": {
      const counts = expected.counts === "minutes_before_post" ? "minutes before the next post, " : "";
      const example = expected.example === undefined ? "" : ` (for example ${expected.example})`;
      return `${counts}a ${expected.whole ? "whole number" : "number"} from ${expected.min} to ${expected.max}${example}`;
    }
    case "time_zone":
      return "an IANA time zone such as Europe/Berlin";
    case "time_of_day_or_off":
      return "a time such as 09:00, or off";
    case "weekdays_or_none":
      return "weekdays such as sat,sun, or none";
    case "vacation":
      return `the day you are back (2026-12-24) or a number of days from 1 to ${expected.maxDays}, on, or off`;
    case "schedule_add_usage":
      return "/quiz schedule add <when> [pack] [questions] [timezone] [close_before]";
    case "letters":
      return expected.several
        ? `every correct letter from A to ${expected.last}, e.g. "A C"`
        : `a letter from A to ${expected.last}`;
    case "described":
      return expected.words;
  }
}
