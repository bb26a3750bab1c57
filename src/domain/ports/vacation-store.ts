import type { BacklogCard, BacklogMove, Vacation } from "../reviews/vacation.js";
import type { LocalDay } from "../time/local-time.js";

/**
 * Vacation mode's storage: going away, who is back, and the return, which moves the backlog and ends the
 * vacation in one step. The vacation itself is read with the settings (`ReviewSettings.vacation`).
 */
export interface VacationStore {
  /** Starts (or changes the end of) the member's vacation. */
  goAway(userId: number, vacation: Vacation): Promise<void>;
  /** Members whose vacation has an end at or before `now` and has not been ended yet. */
  returning(now: Date): Promise<number[]>;
  /** The member's cards due by `now` whose question is in a pack. */
  backlog(userId: number, now: Date): Promise<BacklogCard[]>;
  /** The member's cards due after `after` and before `before`, counted per local day of `zone`. */
  dueByDay(userId: number, zone: string, after: Date, before: Date): Promise<Map<LocalDay, number>>;
  /**
   * Ends the vacation that began at `since` and gives the moved cards their new due, in one transaction.
   * `false`, moving nothing, when that vacation was already ended (by another process, or a second
   * command): a backlog is spread once.
   */
  comeBack(userId: number, since: Date, moves: readonly BacklogMove[]): Promise<boolean>;
}
