import { validateDetailed } from "node-cron";
import type { CronParser } from "../domain/ports/cron-parser.js";
import { err, ok, type Result } from "../domain/result.js";
import type { ScheduleProblem } from "../domain/schedules/schedule-problem.js";
import type { CronFields } from "../domain/time/cron-fields.js";

/**
 * Validates and expands a cron expression with node-cron's own parser (names, ranges, steps and nicknames
 * as node-cron reads them), leaving the calendar arithmetic to the domain.
 * https://www.nodecron.com/cron-syntax.html
 */
export function parseCronFields(expression: string): Result<CronFields, ScheduleProblem> {
  const words = expression.trim().split(/\s+/);
  if (words.length === 6) {
    return err({ code: "bad_cron", text: expression, detail: "a seconds field is not allowed here" });
  }
  const checked = validateDetailed(expression.trim());
  const fields = checked.fields;
  if (!checked.valid || !fields) {
    const detail = checked.errors.map((error) => error.message).join("; ") || "not a cron expression";
    return err({ code: "bad_cron", text: expression, detail });
  }
  const days = fields.dayOfMonth.filter((day): day is number => typeof day === "number");
  const weekdays = fields.dayOfWeek.filter((day): day is number => typeof day === "number");
  if (days.length !== fields.dayOfMonth.length || weekdays.length !== fields.dayOfWeek.length) {
    // L, W and # days are node-cron extensions the slot arithmetic does not follow.
    return err({ code: "bad_cron", text: expression, detail: "L, W and # days are not supported" });
  }
  return ok({
    minutes: fields.minute,
    hours: fields.hour,
    daysOfMonth: days,
    months: fields.month,
    daysOfWeek: weekdays,
  });
}

/** The `CronParser` port on node-cron's parser. */
export const nodeCronParser: CronParser = { parse: parseCronFields };
