import type { Clock } from "../../domain/ports/clock.js";
import type { RoundStorage } from "../../domain/ports/round-store.js";
import type { Timers } from "../../domain/ports/timers.js";
import type { Logger } from "../../logger.js";
import type { QuestionLifecycle } from "./question-lifecycle.js";
import type { RoundSettings } from "./round-settings.js";
import type { RoundTasks } from "./round-tasks.js";

/** A question posted by a process that died is reposted once it has gone this long without a message. */
const orphanAgeMs = 10_000;
/** Slack beyond the reveal pause before a round between questions counts as stalled. */
const stallGraceMs = 5000;

/**
 * The backstop: finds work no timer in this process will do (questions past their time, rounds stalled
 * between questions, questions or summaries never posted because their process died) and finishes it
 * through the question life cycle. At start it also resumes every open round.
 */
export class RoundSweeper {
  private cancel: (() => void) | undefined;

  constructor(
    private readonly deps: {
      readonly store: RoundStorage;
      readonly lifecycle: QuestionLifecycle;
      readonly clock: Clock;
      readonly timers: Timers;
      readonly logger: Logger;
      readonly settings: RoundSettings;
      readonly tasks: RoundTasks;
    },
  ) {}

  /** Resumes what the database says is running, then keeps sweeping every `sweepMs`. */
  async start(): Promise<void> {
    await this.sweep({ resumeAll: true });
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  async sweep(options: { readonly resumeAll: boolean }): Promise<void> {
    const { recovery } = this.deps.store;
    const { lifecycle, tasks } = this.deps;
    const now = this.deps.clock.now();
    try {
      for (const record of await recovery.listExpiredQuestions(now)) {
        await tasks.track(lifecycle.closeQuestion(record.id));
      }
      const stalledBefore = new Date(now.getTime() - this.deps.settings.revealPauseMs - stallGraceMs);
      for (const round of await recovery.listStalledRounds(stalledBefore)) {
        await tasks.track(lifecycle.advance(round.id));
      }
      await this.repostOrphans(new Date(now.getTime() - (options.resumeAll ? 0 : orphanAgeMs)));
      for (const round of await recovery.listUnsummarisedRounds()) {
        await tasks.track(lifecycle.postSummary(round.id));
      }
      if (options.resumeAll) await this.resumeOpenRounds();
    } catch (error) {
      this.deps.logger.warn({ err: error }, "round sweep failed; retrying at the next one");
    }
  }

  private async repostOrphans(olderThan: Date): Promise<void> {
    const { store, lifecycle, settings } = this.deps;
    for (const record of await store.recovery.listOrphanedQuestions(olderThan)) {
      if (await store.lifecycle.claimOrphanedQuestion(record.id, settings.instanceId, olderThan)) {
        const round = await store.rounds.getRound(record.roundId);
        if (round) await lifecycle.postQuestion(round, record);
      }
    }
  }

  /** Re-arms the timers of every open round: its open question's close, or the next question. */
  private async resumeOpenRounds(): Promise<void> {
    const { store, lifecycle, tasks } = this.deps;
    for (const round of await store.rounds.listOpenRounds()) {
      const current =
        round.kind === "daily" || round.currentPosition < 0
          ? undefined
          : (await store.rounds.listRoundQuestions(round.id)).find(
              (record) => record.position === round.currentPosition,
            );
      if (current && current.closedAt === null) lifecycle.armClose(current);
      else await tasks.track(lifecycle.advance(round.id));
    }
  }

  private arm(): void {
    if (this.deps.tasks.stopped) return;
    const at = new Date(this.deps.clock.now().getTime() + this.deps.settings.sweepMs);
    this.cancel = this.deps.timers.at(at, () => {
      this.deps.tasks.track(this.sweep({ resumeAll: false })).finally(() => this.arm());
    });
  }
}
