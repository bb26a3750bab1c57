import type { Clock } from "../../domain/ports/clock.js";
import type { CronParser } from "../../domain/ports/cron-parser.js";
import type { JobClock, ScheduledJob } from "../../domain/ports/job-clock.js";
import type { DailySchedule, ScheduleStore } from "../../domain/ports/schedule-store.js";
import { answerClosesAt, closesAtWhenPosted } from "../../domain/schedules/answer-window.js";
import { latestSlot, nextSlot, upcomingSlots } from "../../domain/schedules/slots.js";
import type { Logger } from "../../logger.js";
import type { RoundEngine } from "../rounds/round-engine.js";

export interface DailySchedulerDeps {
  readonly store: ScheduleStore;
  readonly engine: RoundEngine;
  readonly jobClock: JobClock;
  /** Reads each schedule's cron expression (node-cron's parser in production). */
  readonly cron: CronParser;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This process in slot rows (host and pid), for the operator reading the table. */
  readonly claimant: string;
  /** How many channels are posted to at once; the platform clients queue and pace beyond that. */
  readonly concurrency?: number;
}

export type SlotOutcome = "posted" | "skipped" | "taken" | "none";

/** Older slots missed during one outage that are recorded as skipped, beyond the one checked for posting. */
const missedSlotsRecorded = 20;

/**
 * Posts daily quizzes. Every process runs one node-cron task a minute and looks at every active schedule:
 * the schedule's latest slot is due when it has no slot row yet. Who posts is decided by inserting the
 * slot row (`insert ... on conflict do nothing returning`, in the round's own transaction), which is the
 * schedule's run coordinator: finer-grained than one job claim per minute, so several processes share
 * a busy minute's posts, and a slot whose claimer died before committing is simply still free.
 * The same pass is the catch-up after a restart: a slot missed while every process was down is posted
 * while its answer window is open, and recorded as skipped after.
 */
export class DailyScheduler {
  private job: ScheduledJob | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: DailySchedulerDeps) {}

  async start(): Promise<void> {
    await this.runDue(this.deps.clock.now());
    // Every minute in UTC: slots are computed per schedule in its own zone, so one task serves all zones.
    this.job ??= this.deps.jobClock.schedule("daily-quizzes", "* * * * *", async (slot) => {
      const outcomes = await this.runDue(slot);
      // Every process runs this pass; the outcomes show which one posted a slot and which found it taken.
      this.deps.logger.debug(
        { slot: slot.toISOString(), outcomes: Object.fromEntries(outcomes) },
        "daily quiz pass done",
      );
    });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = undefined;
    await this.running.catch(() => {});
  }

  /** Posts (or skips) every schedule's due slot as of `at`; returns what happened to each schedule. */
  async runDue(at: Date): Promise<Map<number, SlotOutcome>> {
    const work = this.runDueNow(at);
    this.running = work;
    return work;
  }

  private async runDueNow(at: Date): Promise<Map<number, SlotOutcome>> {
    const { store, logger } = this.deps;
    const outcomes = new Map<number, SlotOutcome>();
    try {
      await store.settleSlots();
    } catch (error) {
      logger.warn({ err: error }, "daily slot bookkeeping failed; retrying next minute");
    }
    const active = await store.listActive();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const entry = active[next];
        next += 1;
        if (!entry) return;
        try {
          outcomes.set(entry.schedule.id, await this.runSchedule(entry.schedule, entry.lastSlotAt, at));
        } catch (error) {
          // One channel's failure (deleted channel, platform outage) must not cost the others their post.
          logger.error({ err: error, scheduleId: entry.schedule.id }, "daily quiz post failed");
        }
      }
    };
    const workers = Math.max(1, Math.min(this.deps.concurrency ?? 32, active.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return outcomes;
  }

  private async runSchedule(
    schedule: DailySchedule,
    lastSlotAt: Date | null,
    at: Date,
  ): Promise<SlotOutcome> {
    const { store, engine, logger } = this.deps;
    const fields = this.deps.cron.parse(schedule.cron);
    if (!fields.ok) {
      logger.warn({ scheduleId: schedule.id, cron: schedule.cron }, "stored daily schedule is invalid");
      return "none";
    }
    const slot = latestSlot(fields.value, schedule.timeZone, at);
    // Slots up to the schedule's creation (its first post is the next one, as `add` announced), or
    // already handled, are nobody's business.
    if (!slot || slot.getTime() <= schedule.createdAt.getTime()) return "none";
    if (lastSlotAt && lastSlotAt.getTime() >= slot.getTime()) return "none";
    await this.recordOlderMisses(schedule, fields.value, lastSlotAt, slot);
    const next = nextSlot(fields.value, schedule.timeZone, slot);
    const closesAt = closesAtWhenPosted(slot, next, schedule.closeBeforeNextMinutes, at);
    const { claimant } = this.deps;
    if (!closesAt) {
      if (await store.skipSlot(schedule.id, slot, claimant)) {
        logger.warn(
          {
            scheduleId: schedule.id,
            slot: slot.toISOString(),
            closesAt: answerClosesAt(slot, next, schedule.closeBeforeNextMinutes).toISOString(),
          },
          "daily quiz slot missed while no process ran; skipped because it could no longer stay open the promised ten minutes",
        );
        return "skipped";
      }
      return "taken";
    }
    const started = await engine.startDailyRound({
      place: schedule.place,
      ...(schedule.packId ? { topic: schedule.packId } : {}),
      questionCount: schedule.questionCount,
      closesAt,
      slot: { scheduleId: schedule.id, slotAt: slot },
    });
    if (!started.ok) {
      if (started.error.code === "slot_taken") return "taken";
      if (await store.skipSlot(schedule.id, slot, claimant)) {
        logger.warn(
          { scheduleId: schedule.id, pack: schedule.packId },
          "daily quiz has no questions; skipped",
        );
      }
      return "skipped";
    }
    await store.markPosted(schedule.id, slot, started.value.messages[0] ?? null);
    if (at.getTime() - slot.getTime() > 60_000) {
      logger.info(
        { scheduleId: schedule.id, slot: slot.toISOString() },
        "missed daily quiz slot posted late",
      );
    }
    return "posted";
  }

  /**
   * A schedule was resumed at `at`: the slot that came while it was paused stays skipped (recorded now),
   * so the next minute's pass does not post it as if it were due.
   */
  async resumed(schedule: DailySchedule, at: Date): Promise<void> {
    const fields = this.deps.cron.parse(schedule.cron);
    if (!fields.ok) return;
    const slot = latestSlot(fields.value, schedule.timeZone, at);
    if (!slot || slot.getTime() <= schedule.createdAt.getTime()) return;
    await this.deps.store.skipSlot(schedule.id, slot, this.deps.claimant);
  }

  /** Slots between the last handled one and `latest` that nobody posted: recorded, so the gap is visible. */
  private async recordOlderMisses(
    schedule: DailySchedule,
    fields: Parameters<typeof upcomingSlots>[0],
    lastSlotAt: Date | null,
    latest: Date,
  ): Promise<void> {
    const from = lastSlotAt ?? schedule.createdAt;
    const missed = upcomingSlots(fields, schedule.timeZone, from, missedSlotsRecorded).filter(
      (slot) => slot.getTime() < latest.getTime(),
    );
    let recorded = 0;
    for (const slot of missed) {
      if (await this.deps.store.skipSlot(schedule.id, slot, this.deps.claimant)) recorded += 1;
    }
    if (recorded > 0) {
      this.deps.logger.warn(
        { scheduleId: schedule.id, skipped: recorded, from: missed[0]?.toISOString() },
        "daily quiz slots missed while no process ran; skipped",
      );
    }
  }
}
