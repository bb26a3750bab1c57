/**
 * What a refused option or typed answer should have been, as data. The platform wording
 * (src/platforms/shared/wording/expected-words.ts) says it in words, so refusals in the domain and the
 * app carry no English.
 */
export type ExpectedInput =
  /**
   * A number from `min` to `max`; `whole`: an integer. `example`: a value to suggest. `counts`: what the
   * number stands for, when the option's name does not say it.
   */
  | {
      readonly type: "number";
      readonly min: number;
      readonly max: number;
      readonly whole: boolean;
      readonly example?: number;
      readonly counts?: "minutes_before_post";
    }
  /** An IANA time zone name. */
  | { readonly type: "time_zone" }
  /** A time of day (HH:MM), or off. */
  | { readonly type: "time_of_day_or_off" }
  /** Weekday names (sat,sun), or none. */
  | { readonly type: "weekdays_or_none" }
  /** The day back, a number of days up to `maxDays`, on, or off. */
  | { readonly type: "vacation"; readonly maxDays: number }
  /** The shape of `/quiz schedule add` when a word fits none of its options. */
  | { readonly type: "schedule_add_usage" }
  /** Option letters from A to `last`; `several`: every correct one, as a multi question wants. */
  | { readonly type: "letters"; readonly last: string; readonly several: boolean }
  /**
   * Already in words, for a platform adapter's own refusals only: its typed-option parser describes an
   * option from the command catalogue, whose words live there too. Never built in the domain or the app.
   */
  | { readonly type: "described"; readonly words: string };
