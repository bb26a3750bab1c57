import type { ScheduleProblem } from "../../schedules/schedule-problem.js";

/** Views of daily quiz schedules: data only; src/platforms/shared/wording/daily.ts has the words. */
export interface ScheduleLine {
  readonly id: number;
  /** The `when` as the admin typed it. */
  readonly description: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly pack: string | null;
  readonly questionCount: number;
  readonly closeBeforeNextMinutes: number;
  readonly paused: boolean;
  /** The next post, when the schedule is active. */
  readonly nextSlot?: Date;
  /** When the next post's answers close. */
  readonly nextClosesAt?: Date;
}

export interface ScheduleAddedView {
  readonly kind: "schedule_added";
  readonly schedule: ScheduleLine;
  readonly firstSlot: Date;
  readonly firstClosesAt: Date;
}

export interface ScheduleListView {
  readonly kind: "schedule_list";
  readonly schedules: readonly ScheduleLine[];
}

export interface ScheduleOutcomeView {
  readonly kind: "schedule_outcome";
  readonly outcome: "paused" | "resumed" | "removed" | "not_found";
  readonly id: number;
}

export interface ScheduleProblemView {
  readonly kind: "schedule_problem";
  readonly problem: ScheduleProblem;
}
