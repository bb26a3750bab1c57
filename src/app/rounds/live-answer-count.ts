import type { ChatPlatform, PlatformName } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type {
  RoundAnswerStore,
  RoundQuestionRecord,
  RoundRecord,
  RoundRepository,
} from "../../domain/ports/round-store.js";
import type { Timers } from "../../domain/ports/timers.js";
import type { QuestionCatalog } from "../question-catalog.js";
import type { RoundTasks } from "./round-tasks.js";
import { questionView } from "./round-views.js";

/** At most one edit of a question's answer count per this many milliseconds. */
export const countRefreshMs = 1000;

/**
 * Edits the live answer count into an open question's message, at most about once a second per question
 * and only where the platform can edit messages: a burst of answers costs one edit, not one each.
 */
export class LiveAnswerCount {
  private readonly pending = new Map<number, () => void>();

  constructor(
    private readonly deps: {
      readonly rounds: RoundRepository;
      readonly answers: RoundAnswerStore;
      readonly catalog: QuestionCatalog;
      readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
      readonly clock: Clock;
      readonly timers: Timers;
      readonly tasks: RoundTasks;
    },
  ) {}

  /** Schedules an edit of the count, unless one is already due. */
  refreshSoon(round: RoundRecord, record: RoundQuestionRecord): void {
    const platform = this.deps.platforms.get(round.place.platform);
    if (!platform?.capabilities.messageEdits || this.pending.has(record.id) || this.deps.tasks.stopped)
      return;
    const at = new Date(this.deps.clock.now().getTime() + countRefreshMs);
    const cancel = this.deps.timers.at(at, () => {
      this.pending.delete(record.id);
      this.deps.tasks.track(this.deps.tasks.locked(round.id, () => this.edit(platform, round, record.id)));
    });
    this.pending.set(record.id, cancel);
  }

  /** Drops a due edit: the question closed, and its reveal carries the final count. */
  cancel(roundQuestionId: number): void {
    this.pending.get(roundQuestionId)?.();
    this.pending.delete(roundQuestionId);
  }

  cancelAll(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }

  private async edit(platform: ChatPlatform, round: RoundRecord, roundQuestionId: number): Promise<void> {
    const fresh = await this.deps.rounds.getRoundQuestion(roundQuestionId);
    if (!fresh || fresh.closedAt !== null || !fresh.message || !("messageId" in fresh.message)) return;
    const question = this.deps.catalog.question(fresh.questionId);
    if (!question) return;
    const answeredCount = await this.deps.answers.answerCount(fresh.id);
    await platform.edit(
      fresh.message,
      questionView({ round, record: fresh, question, answeredCount, capabilities: platform.capabilities }),
    );
  }
}
