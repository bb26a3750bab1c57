/**
 * The timer behind scheduled jobs (reminders, daily quizzes), injectable so tests drive it with a fake
 * that fires slots on demand instead of waiting for wall-clock minutes.
 */
export interface JobClock {
  /**
   * Runs `run` at every slot of the cron `expression` (node-cron syntax, optional seconds field) in
   * `options.timeZone` (IANA; UTC when absent), with the instant of the slot.
   */
  schedule(
    name: string,
    expression: string,
    run: (slot: Date) => Promise<void>,
    options?: ScheduleOptions,
  ): ScheduledJob;
}

export interface ScheduleOptions {
  readonly timeZone?: string;
  /**
   * Run each slot in only one of the processes sharing the database (node-cron's `distributed` mode with
   * a run coordinator on job claims). Leave off when the job claims finer-grained keys itself.
   */
  readonly exclusive?: boolean;
}

export interface ScheduledJob {
  stop(): Promise<void>;
}
