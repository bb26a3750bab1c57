import { err, ok, type Result } from "../result.js";
import type { CronFields } from "../time/cron-fields.js";
import { isTimeZone } from "../time/local-time.js";
import { minimumSpacingMinutes } from "./answer-window.js";
import type { ScheduleProblem } from "./schedule-problem.js";
import { upcomingSlots } from "./slots.js";

/** Enough slots to see a whole day of the busiest allowed schedule (every 10 minutes) and then some. */
const slotsChecked = 400;

/**
 * Accepts a schedule whose zone exists, that ever posts, and whose next slots are at least ten minutes
 * apart; returns its first slot after `now`.
 */
export function checkSchedule(input: {
  readonly cron: string;
  readonly fields: CronFields;
  readonly timeZone: string;
  readonly now: Date;
}): Result<{ readonly firstSlot: Date }, ScheduleProblem> {
  if (!isTimeZone(input.timeZone)) return err({ code: "unknown_time_zone", zone: input.timeZone });
  const slots = upcomingSlots(input.fields, input.timeZone, input.now, slotsChecked);
  const first = slots[0];
  if (!first) return err({ code: "never_runs", cron: input.cron });
  for (let i = 1; i < slots.length; i += 1) {
    const before = slots[i - 1];
    const after = slots[i];
    if (before && after && after.getTime() - before.getTime() < minimumSpacingMinutes * 60_000) {
      return err({ code: "too_frequent", first: before, second: after, timeZone: input.timeZone });
    }
  }
  return ok({ firstSlot: first });
}
