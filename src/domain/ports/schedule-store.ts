import type { ChatUser, MessageRef, Place } from "./chat-platform.js";

/** A channel's daily quiz as stored: a cron expression in a time zone, and what to post. */
export interface DailySchedule {
  readonly id: number;
  readonly place: Place;
  readonly cron: string;
  /** The `when` as the admin typed it. */
  readonly description: string;
  readonly timeZone: string;
  /** Pack id or topic tag; all questions when null. */
  readonly packId: string | null;
  readonly questionCount: number;
  readonly closeBeforeNextMinutes: number;
  readonly paused: boolean;
  readonly createdAt: Date;
}

export interface NewSchedule {
  readonly place: Place;
  readonly cron: string;
  readonly description: string;
  readonly timeZone: string;
  readonly packId: string | null;
  readonly questionCount: number;
  readonly closeBeforeNextMinutes: number;
  readonly createdBy: Pick<ChatUser, "platform" | "id" | "displayName">;
  readonly createdAt: Date;
}

export type SlotStatus = "claimed" | "posted" | "closed" | "skipped";

export interface SlotRecord {
  readonly scheduleId: number;
  readonly slotAt: Date;
  readonly claimedBy: string;
  readonly status: SlotStatus;
  readonly roundId: number | null;
  readonly message: MessageRef | null;
  readonly closesAt: Date | null;
}

/**
 * Daily schedules and their slot rows. A slot row's (schedule, slot) key is the exactly-once claim: the
 * round store inserts it with the day's round, `skipSlot` inserts it for a slot that is too late to post.
 */
export interface ScheduleStore {
  add(schedule: NewSchedule): Promise<DailySchedule>;
  /** The channel's schedules that were not removed, oldest first. */
  list(place: Place): Promise<DailySchedule[]>;
  /** Pauses or resumes one of the channel's schedules; `undefined` when the channel has no such schedule. */
  setPaused(place: Place, id: number, paused: boolean): Promise<DailySchedule | undefined>;
  /** Removes one of the channel's schedules; false when it has no such schedule. */
  remove(place: Place, id: number, at: Date): Promise<boolean>;
  /** Every schedule that is neither paused nor removed, with the latest slot that has a row. */
  listActive(): Promise<{ readonly schedule: DailySchedule; readonly lastSlotAt: Date | null }[]>;
  /** Records a slot as skipped; true for the one caller whose row it is. */
  skipSlot(scheduleId: number, slotAt: Date, claimant: string): Promise<boolean>;
  /** Records the post of a claimed slot (once: only while the slot is still `claimed`). */
  markPosted(scheduleId: number, slotAt: Date, message: MessageRef | null): Promise<void>;
  /**
   * Brings slot rows up to date with their rounds: `posted` once the round's first question has a message
   * (also when the engine's sweep posted it after its poster died), `closed` once the round is over.
   */
  settleSlots(): Promise<void>;
  listSlots(scheduleId: number): Promise<SlotRecord[]>;
}
