import { createTask, type RunCoordinator } from "node-cron";
import type { Clock } from "../domain/ports/clock.js";
import type { JobClaims } from "../domain/ports/job-claims.js";
import type { JobClock, ScheduledJob, ScheduleOptions } from "../domain/ports/job-clock.js";
import type { Logger } from "../logger.js";

/**
 * node-cron run coordinator on job claims: node-cron asks `shouldRun` with a key of the task's name and
 * the slot's ISO time, identical in every process, so the first process to claim it runs the slot.
 * https://www.nodecron.com/distributed-coordination.html
 */
export function jobClaimsCoordinator(claims: JobClaims, claimant: string, clock: Clock): RunCoordinator {
  return { shouldRun: (key) => claims.claim(`cron:${key}`, claimant, clock.now()) };
}

export interface NodeCronClockOptions {
  readonly claims: JobClaims;
  /** This process's name in job claims (host and pid, for the operator reading the table). */
  readonly claimant: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The production `JobClock`: one node-cron task per job, with time zones and no overlapping runs. */
export class NodeCronClock implements JobClock {
  constructor(private readonly options: NodeCronClockOptions) {}

  schedule(
    name: string,
    expression: string,
    run: (slot: Date) => Promise<void>,
    options: ScheduleOptions = {},
  ): ScheduledJob {
    const { logger } = this.options;
    const task = createTask(
      expression,
      async (context) => {
        try {
          await run(context.date);
        } catch (error) {
          // A failing slot must not stop the task: the next slot tries again.
          logger.error({ err: error, job: name }, "scheduled job failed");
        }
      },
      {
        name,
        timezone: options.timeZone ?? "UTC",
        // A slow run (a database outage) must not pile up behind itself.
        noOverlap: true,
        ...(options.exclusive
          ? {
              distributed: true,
              runCoordinator: jobClaimsCoordinator(
                this.options.claims,
                this.options.claimant,
                this.options.clock,
              ),
            }
          : {}),
      },
    );
    void task.start();
    return {
      async stop() {
        await task.destroy();
      },
    };
  }
}
