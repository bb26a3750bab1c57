import type { JobClock, ScheduledJob, ScheduleOptions } from "../../src/domain/ports/job-clock.js";

/**
 * A job clock that fires only when a test says so: `fire(at)` runs every scheduled job for the slot `at`
 * and waits for them. Cron matching is node-cron's business and not re-tested here; the jobs under test
 * decide for themselves what a slot means (e.g. whose local reminder time it is).
 */
export class FakeJobClock implements JobClock {
  readonly jobs = new Map<
    string,
    { expression: string; run: (slot: Date) => Promise<void>; options: ScheduleOptions }
  >();

  schedule(
    name: string,
    expression: string,
    run: (slot: Date) => Promise<void>,
    options: ScheduleOptions = {},
  ): ScheduledJob {
    this.jobs.set(name, { expression, run, options });
    return {
      stop: async () => {
        this.jobs.delete(name);
      },
    };
  }

  async fire(at: Date): Promise<void> {
    for (const job of this.jobs.values()) await job.run(at);
  }
}
