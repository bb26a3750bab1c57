import type { RoundQuestionRecord, RoundRecord, RoundRepository } from "../../domain/ports/round-store.js";
import type { Question } from "../../domain/questions/question.js";
import type { QuestionCatalog } from "../question-catalog.js";

/** A round question with its round and its question definition: what an answer is checked against. */
export interface RoundQuestionContext {
  readonly round: RoundRecord;
  readonly record: RoundQuestionRecord;
  readonly question: Question;
}

/** Beyond this many open questions the cache starts again: a bound on memory, not a working size. */
const maxCached = 10_000;

/**
 * The round and question behind each open round question, as last read: an answer needs them but they do
 * not change while the question is open, so a burst of answers reads them once. Whether the question is
 * still open when an answer arrives is decided again by the store's conditional insert.
 */
export class OpenQuestions {
  private readonly cached = new Map<number, RoundQuestionContext>();
  private readonly reads = new Map<number, Promise<RoundQuestionContext | undefined>>();

  constructor(
    private readonly deps: { readonly rounds: RoundRepository; readonly catalog: QuestionCatalog },
  ) {}

  /** The context of a round question, open or not; `undefined` when it or its question is unknown. */
  get(roundQuestionId: number): Promise<RoundQuestionContext | undefined> {
    const cached = this.cached.get(roundQuestionId);
    if (cached) return Promise.resolve(cached);
    // Answers to a question this process has not seen yet (posted by another process, or before a
    // restart) share one read.
    const reading = this.reads.get(roundQuestionId);
    if (reading) return reading;
    const read = this.read(roundQuestionId).finally(() => this.reads.delete(roundQuestionId));
    this.reads.set(roundQuestionId, read);
    return read;
  }

  /** Drops a question that closed, so the next answer reads it afresh and is refused. */
  forget(roundQuestionId: number): void {
    this.cached.delete(roundQuestionId);
  }

  /** How many open questions are cached (for tests of the cache's bound and life). */
  get size(): number {
    return this.cached.size;
  }

  private async read(roundQuestionId: number): Promise<RoundQuestionContext | undefined> {
    const record = await this.deps.rounds.getRoundQuestion(roundQuestionId);
    const round = record ? await this.deps.rounds.getRound(record.roundId) : undefined;
    const question = record ? this.deps.catalog.question(record.questionId) : undefined;
    if (!record || !round || !question) return undefined;
    const context = { record, round, question };
    if (record.openedAt !== null && record.closedAt === null && round.status === "open") {
      if (this.cached.size >= maxCached) this.cached.clear();
      this.cached.set(roundQuestionId, context);
    }
    return context;
  }
}
