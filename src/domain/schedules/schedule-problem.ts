/**
 * Why a schedule was refused, as identifiers with what the member typed; the platform wording
 * (src/platforms/shared/wording/daily.ts) says what is expected instead.
 */
export type ScheduleProblem =
  | { readonly code: "unrecognised_when"; readonly text: string }
  | { readonly code: "bad_time"; readonly text: string }
  | { readonly code: "bad_days"; readonly text: string }
  | { readonly code: "bad_interval"; readonly minutes: number }
  | { readonly code: "bad_cron"; readonly text: string; readonly detail: string }
  | { readonly code: "unknown_time_zone"; readonly zone: string }
  | { readonly code: "too_frequent"; readonly first: Date; readonly second: Date; readonly timeZone: string }
  | { readonly code: "never_runs"; readonly cron: string };
