import type { ChatPlatform } from "../../domain/ports/chat-platform.js";
import type { JobClaims } from "../../domain/ports/job-claims.js";
import type { JobClock, ScheduledJob } from "../../domain/ports/job-clock.js";
import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewStorage } from "../../domain/ports/review-store.js";
import { estimateMinutes, isReminderMinute, reminderClaimKey } from "../../domain/reviews/reminder.js";
import { isAway } from "../../domain/reviews/vacation.js";
import type { Logger } from "../../logger.js";
import { runOnce } from "../jobs/claim-once.js";
import { reviewActions } from "./card-view.js";
import { returnFromVacation } from "./vacation-return.js";

export interface ReminderDeps {
  readonly store: Pick<ReviewStorage, "settings" | "cards" | "vacation">;
  /** The weights that schedule each member, for spreading a returning member's backlog. */
  readonly parameters: Pick<ParameterStore, "inUse">;
  readonly claims: JobClaims;
  readonly jobClock: JobClock;
  readonly platforms: readonly ChatPlatform[];
  /** This process in job claims. */
  readonly claimant: string;
  readonly logger: Logger;
}

/**
 * Review reminders: one node-cron task a minute (in UTC) looks for members whose local time is their
 * reminder time and who have cards due (members on vacation get none, see `bringBack`). Every process runs the task; the claim of
 * `reminder:<user>:<local date>` lets exactly one send each member's message, once per local day. A minute
 * in which no process runs (all down) is missed, not caught up: a reminder hours late is noise.
 */
export class ReviewReminders {
  private job: ScheduledJob | undefined;

  constructor(private readonly deps: ReminderDeps) {}

  start(): void {
    this.job ??= this.deps.jobClock.schedule("review-reminders", "* * * * *", async (slot) => {
      const sent = await this.runAt(slot);
      // Every process runs this pass; `sent` shows which one won each member's claim.
      this.deps.logger.debug({ slot: slot.toISOString(), sent }, "review reminder pass done");
    });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = undefined;
  }

  /** Sends the reminders due in the minute of `now`; returns how many this process sent. */
  async runAt(now: Date): Promise<number> {
    const { store, claims, claimant, logger } = this.deps;
    let sent = 0;
    await this.bringBack(now);
    for (const member of await store.settings.reminderMembers()) {
      if (!isReminderMinute(member.settings, now) || isAway(member.settings.vacation, now)) continue;
      const platform = this.deps.platforms.find((candidate) => candidate.name === member.platform);
      if (!platform) continue;
      const due = await store.cards.countDue(member.userId, now);
      if (due === 0) continue;
      try {
        const outcome = await runOnce(
          claims,
          reminderClaimKey(member.userId, member.settings, now),
          claimant,
          now,
          () =>
            platform.directMessage(
              { platform: member.platform, id: member.platformUserId },
              {
                kind: "review_reminder",
                due,
                minutes: estimateMinutes(due),
                startActionId: reviewActions.start,
              },
            ),
        );
        if (outcome.ran) sent += 1;
      } catch (error) {
        // One member's closed DMs or a platform hiccup must not cost everyone else their reminder.
        logger.warn({ err: error, userId: member.userId }, "review reminder not sent");
      }
    }
    return sent;
  }

  /**
   * Ends every vacation whose end has come, spreading the backlog, before the minute's reminders: a member
   * back today is reminded of today's share, not of everything that waited. Every process may try; the
   * store spreads each backlog once.
   */
  private async bringBack(now: Date): Promise<void> {
    const { store, parameters, logger } = this.deps;
    for (const userId of await store.vacation.returning(now)) {
      try {
        await returnFromVacation(store, parameters, userId, now);
      } catch (error) {
        // One member's return failing must not hold up everyone else's; the next minute tries again.
        logger.warn({ err: error, userId }, "return from vacation not done");
      }
    }
  }
}
