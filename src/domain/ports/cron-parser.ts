import type { Result } from "../result.js";
import type { ScheduleProblem } from "../schedules/schedule-problem.js";
import type { CronFields } from "../time/cron-fields.js";

/**
 * Reads a 5-field cron expression into the fields the slot arithmetic (`domain/schedules/slots.ts`)
 * walks. The production parser is node-cron's own (`src/jobs/node-cron-parser.ts`), so a schedule is
 * read exactly as the job clock that runs it reads it.
 */
export interface CronParser {
  parse(expression: string): Result<CronFields, ScheduleProblem>;
}
