import { randomInt } from "node:crypto";
import type {
  ChatPlatform,
  ChatUser,
  MessageRef,
  Place,
  PlatformName,
} from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type {
  RoundMode,
  RoundQuestionRecord,
  RoundRecord,
  RoundStore,
} from "../../domain/ports/round-store.js";
import type { Timers } from "../../domain/ports/timers.js";
import type { View } from "../../domain/ports/views/index.js";
import { checkAnswer } from "../../domain/questions/check-answer.js";
import type { AnswerResponse, Question } from "../../domain/questions/question.js";
import { shuffleOptions } from "../../domain/questions/shuffle-options.js";
import { err, ok, type Result } from "../../domain/result.js";
import { pickQuestions, playableQuestions } from "../../domain/rounds/pick-questions.js";
import { pointsFor, responseTime } from "../../domain/rounds/scoring.js";
import { closesEarly, inactiveQuestionLimit, rankStandings } from "../../domain/rounds/standings.js";
import type { Logger } from "../../logger.js";
import type { QuestionCatalog } from "../question-catalog.js";
import { KeyedSerial } from "./keyed-serial.js";
import { questionView, revealInfo } from "./round-views.js";

export interface RoundSettings {
  /** Overrides every question's time (QUESTION_SECONDS, `--question-seconds`), e.g. for scripted consoles. */
  readonly questionSeconds?: number;
  /** Pause between a reveal and the next question, so members can read the explanation. */
  readonly revealPauseMs: number;
  /** How often the backstop sweep looks for rounds left behind by a stopped process. */
  readonly sweepMs: number;
  /** Names this process in claims, for the logs. */
  readonly instanceId: string;
  /** Whether challenges can be played: they need the sandboxed runner to grade submissions. */
  readonly challenges: boolean;
}

/** A challenge without its own `seconds` stays open this long: writing code takes minutes, not seconds. */
export const defaultChallengeSeconds = 300;

export interface StartRoundInput {
  readonly place: Place;
  readonly startedBy: Pick<ChatUser, "platform" | "id" | "displayName">;
  readonly topic?: string;
  readonly questionCount: number;
  readonly mode: RoundMode;
  readonly seconds?: number;
}

export type StartRoundError =
  | { readonly code: "no_questions"; readonly filter: string }
  | { readonly code: "round_running"; readonly round: RoundRecord };

export interface StartDailyRoundInput {
  readonly place: Place;
  /** Pack id or topic tag, as for `/quiz start`. */
  readonly topic?: string;
  readonly questionCount: number;
  /** Every question of the day stays open until then. */
  readonly closesAt: Date;
  /** The schedule slot this round is posted for; only the process that claims it gets a round. */
  readonly slot: { readonly scheduleId: number; readonly slotAt: Date };
}

export type StartDailyRoundError =
  | { readonly code: "no_questions"; readonly filter: string }
  | { readonly code: "slot_taken" };

export type AnswerOutcome =
  | {
      readonly type: "recorded";
      readonly correct: boolean;
      readonly points: number;
      readonly given: string;
      readonly position: number;
    }
  | { readonly type: "refused"; readonly reason: "already_answered" | "question_closed" | "unknown_action" };

interface AnswerContext {
  readonly record: RoundQuestionRecord;
  readonly round: RoundRecord;
}

/**
 * Runs quiz rounds. The database holds all round state: timers here only make things prompt, and a sweep
 * finishes whatever a stopped process left behind, so rounds survive restarts and several processes.
 * Every state change goes through a conditional update, so exactly one process posts each message.
 */
export class RoundEngine {
  private readonly timers = new Map<number, () => void>();
  private readonly countRefresh = new Map<number, () => void>();
  private readonly serial = new KeyedSerial();
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * The round and question behind an open round question, as last read: an answer needs them but they do
   * not change while it is open. Whether it is still open is decided again by the store's insert.
   */
  private readonly openContexts = new Map<number, AnswerContext>();
  private readonly contextReads = new Map<number, Promise<AnswerContext | undefined>>();
  private sweepCancel: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly deps: {
      readonly store: RoundStore;
      readonly catalog: QuestionCatalog;
      readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
      readonly clock: Clock;
      readonly timers: Timers;
      readonly logger: Logger;
      readonly settings: RoundSettings;
    },
  ) {}

  /** Resumes what the database says is running, then keeps sweeping. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.sweep({ resumeAll: true });
    this.armSweep();
  }

  /** Cancels timers and waits (bounded by the caller) for work in flight; the database keeps the state. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.sweepCancel?.();
    for (const cancel of this.timers.values()) cancel();
    for (const cancel of this.countRefresh.values()) cancel();
    this.timers.clear();
    this.countRefresh.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  async startRound(input: StartRoundInput): Promise<Result<RoundRecord, StartRoundError>> {
    const candidates = playableQuestions(this.deps.catalog.questions(), {
      ...(input.topic ? { topic: input.topic } : {}),
      challenges: this.deps.settings.challenges,
    });
    if (candidates.length === 0) return err({ code: "no_questions", filter: input.topic ?? "" });
    const seed = randomInt(1, 2 ** 31 - 1);
    const picked = pickQuestions(candidates, input.questionCount, seed);
    const packId = singlePack(picked);
    const seconds =
      this.deps.settings.questionSeconds ??
      input.seconds ??
      (packId ? this.deps.catalog.pack(packId)?.settings.secondsPerQuestion : undefined) ??
      30;
    const created = await this.deps.store.createRound({
      place: input.place,
      kind: "round",
      mode: input.mode,
      startedBy: input.startedBy,
      packId,
      topic: input.topic ?? null,
      secondsPerQuestion: seconds,
      seed,
      questions: picked.map((question) => ({
        questionId: question.id,
        optionOrder: shuffleOptions(question, String(seed)),
      })),
    });
    if (!created.ok) {
      const running = await this.deps.store.findOpenRound(input.place);
      if (running) return err({ code: "round_running", round: running });
      return this.startRound(input);
    }
    return ok(created.value);
  }

  /**
   * Creates and posts a daily round: all of the day's questions at once, each open until `closesAt`, then
   * revealed by the normal close path. The slot claim and the round are one transaction; each question is
   * posted under a conditional claim of its empty message, so the sweep's repost of a question whose
   * poster died can never add a second post.
   */
  async startDailyRound(
    input: StartDailyRoundInput,
  ): Promise<Result<{ round: RoundRecord; messages: MessageRef[] }, StartDailyRoundError>> {
    const candidates = playableQuestions(this.deps.catalog.questions(), {
      ...(input.topic ? { topic: input.topic } : {}),
      challenges: this.deps.settings.challenges,
    });
    if (candidates.length === 0) return err({ code: "no_questions", filter: input.topic ?? "" });
    const seed = randomInt(1, 2 ** 31 - 1);
    const picked = pickQuestions(candidates, input.questionCount, seed);
    const now = this.deps.clock.now();
    const created = await this.deps.store.createRound({
      place: input.place,
      kind: "daily",
      mode: "everyone",
      startedBy: null,
      packId: singlePack(picked),
      topic: input.topic ?? null,
      // The speed bonus of a daily question is measured against its whole answer window.
      secondsPerQuestion: Math.max(1, Math.round((input.closesAt.getTime() - now.getTime()) / 1000)),
      seed,
      questions: picked.map((question) => ({
        questionId: question.id,
        optionOrder: shuffleOptions(question, String(seed)),
      })),
      openAll: { at: now, closesAt: input.closesAt },
      slot: { ...input.slot, claimant: this.deps.settings.instanceId },
    });
    if (!created.ok) return err({ code: "slot_taken" });
    const round = created.value;
    const messages: MessageRef[] = [];
    await this.track(
      this.serial.run(round.id, async () => {
        for (const record of await this.deps.store.listRoundQuestions(round.id)) {
          if (await this.deps.store.claimOrphanedQuestion(record.id, this.deps.settings.instanceId, now)) {
            try {
              const message = await this.postQuestion(round, record);
              if (message) messages.push(message);
            } catch (error) {
              // The platform refused the post: give the claim back so the sweep's orphan path posts it
              // later, instead of leaving the day's question claimed and never shown.
              await this.deps.store.releaseQuestionClaim(record.id, this.deps.settings.instanceId);
              this.deps.logger.warn({ err: error, roundId: round.id }, "daily question not posted; retrying");
            }
          }
          this.armClose(record);
        }
      }),
    );
    return ok({ round, messages });
  }

  /** Posts the round's first question; separate from `startRound` so the caller can announce the round first. */
  begin(roundId: number): Promise<void> {
    return this.track(this.advance(roundId));
  }

  async findOpenRound(place: Place): Promise<RoundRecord | undefined> {
    return this.deps.store.findOpenRound(place);
  }

  /** Stops the channel's round; only its starter or a channel admin may. */
  async stopRound(place: Place, by: ChatUser): Promise<Result<RoundRecord, "no_round" | "not_allowed">> {
    const round = await this.deps.store.findOpenRound(place);
    if (!round) return err("no_round");
    const isStarter = round.place.platform === by.platform && round.startedByPlatformId === by.id;
    if (!isStarter && !by.isAdmin) return err("not_allowed");
    await this.track(this.finish(round.id, "stopped", `stopped by ${by.displayName}`));
    return ok(round);
  }

  /** Records one answer; the reply to the member is the caller's, from the outcome. */
  async answer(input: {
    readonly roundQuestionId: number;
    readonly place: Place;
    readonly user: ChatUser;
    readonly response: AnswerResponse;
    readonly given: string;
    readonly receivedAt: Date;
  }): Promise<AnswerOutcome> {
    const context = await this.answerContext(input.roundQuestionId);
    const record = context?.record;
    const round = context?.round;
    if (!record || !round || !samePlace(round.place, input.place)) {
      return { type: "refused", reason: "unknown_action" };
    }
    if (round.status !== "open" || record.openedAt === null || record.closedAt !== null) {
      return { type: "refused", reason: "question_closed" };
    }
    const question = this.deps.catalog.question(record.questionId);
    if (!question) return { type: "refused", reason: "unknown_action" };
    // A challenge submission arrives already graded by the sandbox: all checks must pass.
    const response = input.response;
    const verdict =
      response.type === "code"
        ? {
            correct:
              question.kind === "challenge" &&
              response.checksTotal > 0 &&
              response.checksPassed === response.checksTotal,
          }
        : checkAnswer(question, response);
    const responseMs = responseTime(record.openedAt, input.receivedAt);
    const windowSeconds = record.closesAt
      ? (record.closesAt.getTime() - record.openedAt.getTime()) / 1000
      : round.secondsPerQuestion;
    const points = pointsFor({ correct: verdict.correct, responseMs, seconds: windowSeconds });
    const stored = await this.deps.store.recordAnswer({
      roundQuestionId: record.id,
      place: round.place,
      roundKind: round.kind,
      user: input.user,
      questionId: question.id,
      response: input.response,
      correct: verdict.correct,
      points,
      responseMs,
      answeredAt: input.receivedAt,
    });
    if (!stored.ok) {
      if (stored.error === "question_closed") this.openContexts.delete(record.id);
      return { type: "refused", reason: stored.error };
    }
    this.afterAnswer(round, record, verdict.correct);
    return {
      type: "recorded",
      correct: verdict.correct,
      points,
      given: input.given,
      position: record.position,
    };
  }

  /** The question currently open in a channel, for typed answers. */
  async currentQuestion(
    place: Place,
  ): Promise<{ round: RoundRecord; record: RoundQuestionRecord; question: Question } | undefined> {
    // Typed answers go to the interactive round; without one, to the day's first still-open question.
    const round =
      (await this.deps.store.findOpenRound(place)) ?? (await this.deps.store.findOpenDailyRound(place));
    if (!round || round.currentPosition < 0) return undefined;
    const records = await this.deps.store.listRoundQuestions(round.id);
    const record =
      round.kind === "daily"
        ? records.find((candidate) => candidate.closedAt === null)
        : records.find((candidate) => candidate.position === round.currentPosition);
    if (!record || record.openedAt === null || record.closedAt !== null) return undefined;
    const question = this.deps.catalog.question(record.questionId);
    return question ? { round, record, question } : undefined;
  }

  /** A round question with its round and question, from the open-question cache when it is open. */
  async roundQuestion(roundQuestionId: number) {
    const context = await this.answerContext(roundQuestionId);
    const question = context ? this.deps.catalog.question(context.record.questionId) : undefined;
    return context && question ? { ...context, question } : undefined;
  }

  private afterAnswer(round: RoundRecord, record: RoundQuestionRecord, correct: boolean): void {
    // Counting is only worth its queries where it can close the question early: never in a daily quiz
    // (it stays open until its close time), and in everyone-answers mode only after the first question,
    // since "everyone present" means those who answered an earlier one.
    const mayCloseEarly =
      round.kind !== "daily" && (round.mode === "first_correct" ? correct : record.position > 0);
    if (!mayCloseEarly) {
      this.refreshCountSoon(round, record);
      return;
    }
    this.track(
      (async () => {
        const everyone = round.mode === "everyone";
        const answered = everyone ? await this.deps.store.answerCount(record.id) : 1;
        const participants = everyone ? await this.deps.store.participantCount(round.id) : 0;
        if (
          closesEarly({
            mode: round.mode,
            answerWasCorrect: correct,
            answeredCount: answered,
            knownParticipants: participants,
          })
        ) {
          await this.closeQuestion(record.id);
        } else {
          this.refreshCountSoon(round, record);
        }
      })(),
    );
  }

  private answerContext(roundQuestionId: number): Promise<AnswerContext | undefined> {
    const cached = this.openContexts.get(roundQuestionId);
    if (cached) return Promise.resolve(cached);
    // A burst of answers to a question this process has not seen yet (just posted by another process,
    // or after a restart) reads its context once, not once per answer.
    const reading = this.contextReads.get(roundQuestionId);
    if (reading) return reading;
    const read = this.readAnswerContext(roundQuestionId).finally(() =>
      this.contextReads.delete(roundQuestionId),
    );
    this.contextReads.set(roundQuestionId, read);
    return read;
  }

  private async readAnswerContext(roundQuestionId: number): Promise<AnswerContext | undefined> {
    const record = await this.deps.store.getRoundQuestion(roundQuestionId);
    const round = record ? await this.deps.store.getRound(record.roundId) : undefined;
    if (!record || !round) return undefined;
    if (record.openedAt !== null && record.closedAt === null && round.status === "open") {
      if (this.openContexts.size >= 10_000) this.openContexts.clear();
      this.openContexts.set(roundQuestionId, { record, round });
    }
    return { record, round };
  }

  /** Edits the live answer count into the question message, at most about once a second per question. */
  private refreshCountSoon(round: RoundRecord, record: RoundQuestionRecord): void {
    const platform = this.deps.platforms.get(round.place.platform);
    if (!platform?.capabilities.messageEdits || this.countRefresh.has(record.id)) return;
    const cancel = this.deps.timers.at(new Date(this.deps.clock.now().getTime() + 1000), () => {
      this.countRefresh.delete(record.id);
      this.track(
        this.serial.run(round.id, async () => {
          const fresh = await this.deps.store.getRoundQuestion(record.id);
          if (!fresh || fresh.closedAt !== null || !fresh.message || !("messageId" in fresh.message)) return;
          const question = this.deps.catalog.question(fresh.questionId);
          if (!question) return;
          const answeredCount = await this.deps.store.answerCount(fresh.id);
          await platform.edit(
            fresh.message,
            questionView({
              round,
              record: fresh,
              question,
              answeredCount,
              capabilities: platform.capabilities,
            }),
          );
        }),
      );
    });
    this.countRefresh.set(record.id, cancel);
  }

  /** Opens and posts the next question, or finishes the round after the last one. */
  private advance(roundId: number): Promise<void> {
    return this.serial.run(roundId, async () => {
      if (this.stopped) return;
      const round = await this.deps.store.getRound(roundId);
      if (round?.status !== "open") return;
      const records = await this.deps.store.listRoundQuestions(roundId);
      if (round.kind === "daily") {
        // A daily round has no next question: it ends when the last of its questions has closed.
        const open = records.filter((record) => record.closedAt === null);
        for (const record of open) this.armClose(record);
        if (open.length === 0) await this.finishLocked(round, "finished", "completed");
        return;
      }
      const current = records.find((record) => record.position === round.currentPosition);
      if (current && current.closedAt === null) {
        this.armClose(current);
        return;
      }
      const next = round.currentPosition + 1;
      if (next >= round.questionCount) {
        await this.finishLocked(round, "finished", "completed");
        return;
      }
      const now = this.deps.clock.now();
      const nextRecord = records.find((record) => record.position === next);
      const nextQuestion = nextRecord ? this.deps.catalog.question(nextRecord.questionId) : undefined;
      const closesAt = new Date(now.getTime() + this.secondsFor(round, nextQuestion) * 1000);
      const opened = await this.deps.store.openQuestion(roundId, next, now, closesAt);
      if (!opened) return;
      if (opened.opened) await this.postQuestion(round, opened.question);
      this.armClose(opened.question);
    });
  }

  /**
   * A question's time: the global override when set (QUESTION_SECONDS, scripted consoles), else the
   * question's own `seconds` from its pack, else the round's; challenges default to five minutes.
   */
  private secondsFor(round: RoundRecord, question: Question | undefined): number {
    if (this.deps.settings.questionSeconds !== undefined) return this.deps.settings.questionSeconds;
    if (question?.seconds !== undefined) return question.seconds;
    if (question?.kind === "challenge") return Math.max(round.secondsPerQuestion, defaultChallengeSeconds);
    return round.secondsPerQuestion;
  }

  private async postQuestion(
    round: RoundRecord,
    record: RoundQuestionRecord,
  ): Promise<MessageRef | undefined> {
    const platform = this.deps.platforms.get(round.place.platform);
    const question = this.deps.catalog.question(record.questionId);
    if (!platform || !question) {
      this.deps.logger.error({ roundId: round.id, questionId: record.questionId }, "cannot post question");
      return undefined;
    }
    const view = questionView({
      round,
      record,
      question,
      answeredCount: 0,
      capabilities: platform.capabilities,
    });
    const message = await platform.post(round.place, view);
    await this.deps.store.setQuestionMessage(record.id, message);
    return message;
  }

  private armClose(record: RoundQuestionRecord): void {
    if (this.stopped || this.timers.has(record.id) || !record.closesAt) return;
    const cancel = this.deps.timers.at(record.closesAt, () => {
      this.timers.delete(record.id);
      this.track(this.closeQuestion(record.id));
    });
    this.timers.set(record.id, cancel);
  }

  /** Closes a question once (whichever process gets there first), reveals it, and moves on. */
  private async closeQuestion(roundQuestionId: number): Promise<void> {
    const record = await this.deps.store.getRoundQuestion(roundQuestionId);
    if (!record) return;
    await this.serial.run(record.roundId, async () => {
      const now = this.deps.clock.now();
      this.openContexts.delete(record.id);
      if (!(await this.deps.store.closeQuestion(record.id, now))) return;
      this.timers.get(record.id)?.();
      this.timers.delete(record.id);
      this.countRefresh.get(record.id)?.();
      this.countRefresh.delete(record.id);
      const round = await this.deps.store.getRound(record.roundId);
      const question = this.deps.catalog.question(record.questionId);
      if (!round || !question) return;
      const answers = await this.deps.store.questionAnswers(record.id);
      await this.reveal(round, { ...record, closedAt: now }, question, answers);
      if (round.kind === "daily") {
        // Checked after this close committed, so whichever process closes the last question finishes.
        const open = (await this.deps.store.listRoundQuestions(round.id)).filter(
          (other) => other.closedAt === null,
        );
        if (open.length === 0) await this.finishLocked(round, "finished", "completed");
        return;
      }
      const streak = answers.length === 0 ? round.unansweredStreak + 1 : 0;
      await this.deps.store.setUnansweredStreak(round.id, streak);
      if (streak >= inactiveQuestionLimit) {
        await this.finishLocked(round, "stopped", "inactive");
        return;
      }
      if (record.position + 1 >= round.questionCount) {
        await this.finishLocked(round, "finished", "completed");
        return;
      }
      this.scheduleAdvance(round.id);
    });
  }

  private scheduleAdvance(roundId: number): void {
    if (this.stopped) return;
    const at = new Date(this.deps.clock.now().getTime() + this.deps.settings.revealPauseMs);
    this.deps.timers.at(at, () => {
      this.track(this.advance(roundId));
    });
  }

  private async reveal(
    round: RoundRecord,
    record: RoundQuestionRecord,
    question: Question,
    answers: Awaited<ReturnType<RoundStore["questionAnswers"]>>,
  ): Promise<void> {
    const platform = this.deps.platforms.get(round.place.platform);
    if (!platform) return;
    const view = questionView({
      round,
      record,
      question,
      answeredCount: answers.length,
      capabilities: platform.capabilities,
      reveal: revealInfo(question, record, answers),
    });
    const posted = record.message && "messageId" in record.message ? record.message : undefined;
    if (posted && platform.capabilities.messageEdits) await platform.edit(posted, view);
    else await platform.post(round.place, view);
  }

  private finish(roundId: number, status: "finished" | "stopped", reason: string): Promise<void> {
    return this.serial.run(roundId, async () => {
      const round = await this.deps.store.getRound(roundId);
      if (round) await this.finishLocked(round, status, reason);
    });
  }

  private async finishLocked(
    round: RoundRecord,
    status: "finished" | "stopped",
    reason: string,
  ): Promise<void> {
    const won = await this.deps.store.finishRound(round.id, status, reason, this.deps.clock.now());
    for (const record of await this.deps.store.listRoundQuestions(round.id)) {
      this.openContexts.delete(record.id);
      this.timers.get(record.id)?.();
      this.timers.delete(record.id);
    }
    if (won) await this.postSummary(round.id);
  }

  private async postSummary(roundId: number): Promise<void> {
    if (!(await this.deps.store.claimSummary(roundId, this.deps.settings.instanceId))) return;
    const round = await this.deps.store.getRound(roundId);
    const platform = round ? this.deps.platforms.get(round.place.platform) : undefined;
    if (!round || !platform) return;
    const records = await this.deps.store.listRoundQuestions(round.id);
    const questions = await Promise.all(
      records
        .filter((record) => record.openedAt !== null)
        .map(async (record) => {
          const answers = await this.deps.store.questionAnswers(record.id);
          return {
            position: record.position,
            answeredCount: answers.length,
            correctCount: answers.filter((answer) => answer.correct).length,
          };
        }),
    );
    const rows = rankStandings(await this.deps.store.standings(round.id));
    const reason = round.stopReason;
    const view: View = {
      kind: "round_summary",
      roundId: round.id,
      daily: round.kind === "daily",
      outcome: reason === "inactive" ? "inactive" : reason === "completed" ? "finished" : "stopped",
      rows: rows.map((row) => ({
        rank: row.rank,
        displayName: row.displayName,
        points: row.points,
        correct: row.correct,
        answered: row.answered,
      })),
      questions,
      questionCount: round.questionCount,
    };
    const message = await platform.post(round.place, view);
    await this.deps.store.setSummaryMessage(round.id, message);
  }

  /**
   * Finds work no timer in this process will do: questions past their time, rounds stalled between
   * questions, questions or summaries never posted because their process died.
   */
  private async sweep(options: { resumeAll: boolean }): Promise<void> {
    const now = this.deps.clock.now();
    const grace = this.deps.settings.revealPauseMs + 5000;
    try {
      for (const record of await this.deps.store.listExpiredQuestions(now)) {
        await this.track(this.closeQuestion(record.id));
      }
      for (const round of await this.deps.store.listStalledRounds(new Date(now.getTime() - grace))) {
        await this.track(this.advance(round.id));
      }
      const orphanAge = new Date(now.getTime() - (options.resumeAll ? 0 : 10_000));
      for (const record of await this.deps.store.listOrphanedQuestions(orphanAge)) {
        if (
          await this.deps.store.claimOrphanedQuestion(record.id, this.deps.settings.instanceId, orphanAge)
        ) {
          const round = await this.deps.store.getRound(record.roundId);
          if (round) await this.postQuestion(round, record);
        }
      }
      for (const round of await this.deps.store.listUnsummarisedRounds()) {
        await this.track(this.postSummary(round.id));
      }
      if (options.resumeAll) {
        for (const round of await this.deps.store.listOpenRounds()) {
          if (round.kind === "daily") {
            await this.track(this.advance(round.id));
            continue;
          }
          if (round.currentPosition < 0) await this.track(this.advance(round.id));
          else {
            const current = (await this.deps.store.listRoundQuestions(round.id)).find(
              (record) => record.position === round.currentPosition,
            );
            if (current && current.closedAt === null) this.armClose(current);
            else await this.track(this.advance(round.id));
          }
        }
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, "round sweep failed; retrying at the next one");
    }
  }

  private armSweep(): void {
    if (this.stopped) return;
    this.sweepCancel = this.deps.timers.at(
      new Date(this.deps.clock.now().getTime() + this.deps.settings.sweepMs),
      () => {
        this.track(this.sweep({ resumeAll: false })).finally(() => this.armSweep());
      },
    );
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    const guarded = promise.catch((error: unknown) => {
      this.deps.logger.error({ err: error }, "round engine task failed");
      return undefined as T;
    });
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
    return guarded;
  }
}

function samePlace(a: Place, b: Place): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}

function singlePack(questions: readonly Question[]): string | null {
  const packs = new Set(questions.map((question) => question.packId));
  return packs.size === 1 ? ([...packs][0] ?? null) : null;
}
