import { randomInt } from "node:crypto";
import type {
  ChatPlatform,
  ChatUser,
  MessageRef,
  Place,
  PlatformName,
} from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { NewRound, RoundMode, RoundRecord, RoundStorage } from "../../domain/ports/round-store.js";
import type { Timers } from "../../domain/ports/timers.js";
import type { AnswerText } from "../../domain/questions/answer-text.js";
import { checkAnswer } from "../../domain/questions/check-answer.js";
import type { AnswerResponse, Question } from "../../domain/questions/question.js";
import { shuffleOptions } from "../../domain/questions/shuffle-options.js";
import { err, ok, type Result } from "../../domain/result.js";
import { pickQuestions, playableQuestions } from "../../domain/rounds/pick-questions.js";
import { pointsFor, responseTime } from "../../domain/rounds/scoring.js";
import type { Logger } from "../../logger.js";
import type { QuestionCatalog } from "../question-catalog.js";
import { LiveAnswerCount } from "./live-answer-count.js";
import { OpenQuestions, type RoundQuestionContext } from "./open-questions.js";
import { QuestionLifecycle } from "./question-lifecycle.js";
import type { RoundSettings } from "./round-settings.js";
import { RoundSweeper } from "./round-sweeper.js";
import { RoundTasks } from "./round-tasks.js";

export type { RoundQuestionContext } from "./open-questions.js";
export { defaultChallengeSeconds } from "./question-lifecycle.js";
export type { RoundSettings } from "./round-settings.js";

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

/** What became of one member's answer in a round (not to be confused with the store's write result). */
export type RoundAnswerOutcome =
  | {
      readonly type: "recorded";
      readonly correct: boolean;
      readonly points: number;
      readonly given: AnswerText;
      readonly position: number;
    }
  | { readonly type: "refused"; readonly reason: "already_answered" | "question_closed" | "unknown_action" };

export interface AnswerInput {
  /** The question answered, as `roundQuestion` or `currentQuestion` returned it: read once per answer. */
  readonly target: RoundQuestionContext;
  readonly place: Place;
  readonly user: ChatUser;
  readonly response: AnswerResponse;
  readonly given: AnswerText;
  readonly receivedAt: Date;
}

export interface RoundEngineDeps {
  readonly store: RoundStorage;
  readonly catalog: QuestionCatalog;
  readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly settings: RoundSettings;
  /** A round's shuffle seed; random unless a test passes a fixed one (injected like the clock). */
  readonly seed?: () => number;
}

/**
 * Runs quiz rounds: the commands members and schedules give. The database holds all round state; the
 * parts it is built from keep things prompt: `QuestionLifecycle` (post, close, reveal, next), `RoundSweeper`
 * (finishes what a stopped process left), `OpenQuestions` (the answer path's cache) and `LiveAnswerCount`.
 */
export class RoundEngine {
  private readonly tasks: RoundTasks;
  private readonly openQuestions: OpenQuestions;
  private readonly liveCount: LiveAnswerCount;
  private readonly lifecycle: QuestionLifecycle;
  private readonly sweeper: RoundSweeper;
  private readonly seed: () => number;

  constructor(private readonly deps: RoundEngineDeps) {
    const { store, catalog, platforms, clock, timers, logger, settings } = deps;
    this.tasks = new RoundTasks(logger);
    this.seed = deps.seed ?? (() => randomInt(1, 2 ** 31 - 1));
    this.openQuestions = new OpenQuestions({ rounds: store.rounds, catalog });
    const { tasks, openQuestions } = this;
    this.liveCount = new LiveAnswerCount({ ...store, catalog, platforms, clock, timers, tasks });
    const { liveCount } = this;
    this.lifecycle = new QuestionLifecycle({ ...deps, tasks, openQuestions, liveCount });
    this.sweeper = new RoundSweeper({
      store,
      lifecycle: this.lifecycle,
      clock,
      timers,
      logger,
      settings,
      tasks,
    });
  }

  /** Resumes what the database says is running, then keeps sweeping. */
  async start(): Promise<void> {
    this.tasks.resume();
    await this.sweeper.start();
  }

  /** Cancels timers and waits (bounded by the caller) for work in flight; the database keeps the state. */
  async stop(): Promise<void> {
    this.sweeper.stop();
    this.lifecycle.cancelAll();
    this.liveCount.cancelAll();
    await this.tasks.stop();
  }

  async startRound(input: StartRoundInput): Promise<Result<RoundRecord, StartRoundError>> {
    const picked = this.pick(input.topic, input.questionCount);
    if (!picked.ok) return picked;
    const { questions, seed } = picked.value;
    const packId = singlePack(questions);
    const seconds =
      this.deps.settings.questionSeconds ??
      input.seconds ??
      (packId ? this.deps.catalog.pack(packId)?.settings.secondsPerQuestion : undefined) ??
      30;
    const created = await this.deps.store.rounds.createRound({
      ...roundOf(questions, seed),
      place: input.place,
      kind: "round",
      mode: input.mode,
      startedBy: input.startedBy,
      topic: input.topic ?? null,
      secondsPerQuestion: seconds,
    });
    if (!created.ok) {
      const running = await this.deps.store.rounds.findOpenRound(input.place);
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
    const picked = this.pick(input.topic, input.questionCount);
    if (!picked.ok) return picked;
    const now = this.deps.clock.now();
    const { instanceId } = this.deps.settings;
    const created = await this.deps.store.rounds.createRound({
      ...roundOf(picked.value.questions, picked.value.seed),
      place: input.place,
      kind: "daily",
      mode: "everyone",
      startedBy: null,
      topic: input.topic ?? null,
      // The speed bonus of a daily question is measured against its whole answer window.
      secondsPerQuestion: Math.max(1, Math.round((input.closesAt.getTime() - now.getTime()) / 1000)),
      openAll: { at: now, closesAt: input.closesAt },
      slot: { ...input.slot, claimant: instanceId },
    });
    if (!created.ok) return err({ code: "slot_taken" });
    const round = created.value;
    const messages: MessageRef[] = [];
    const { store, logger } = this.deps;
    await this.tasks.track(
      this.tasks.locked(round.id, async () => {
        for (const record of await store.rounds.listRoundQuestions(round.id)) {
          if (await store.lifecycle.claimOrphanedQuestion(record.id, instanceId, now)) {
            try {
              const message = await this.lifecycle.postQuestion(round, record);
              if (message) messages.push(message);
            } catch (error) {
              // The platform refused the post: give the claim back so the sweep's orphan path posts it
              // later, instead of leaving the day's question claimed and never shown.
              await store.lifecycle.releaseQuestionClaim(record.id, instanceId);
              logger.warn({ err: error, roundId: round.id }, "daily question not posted; retrying");
            }
          }
          this.lifecycle.armClose(record);
        }
      }),
    );
    return ok({ round, messages });
  }

  /** Posts the round's first question; separate from `startRound` so the caller can announce the round first. */
  begin(roundId: number): Promise<void> {
    return this.tasks.track(this.lifecycle.advance(roundId));
  }

  async findOpenRound(place: Place): Promise<RoundRecord | undefined> {
    return this.deps.store.rounds.findOpenRound(place);
  }

  /** Stops the channel's round; only its starter or a channel admin may. */
  async stopRound(place: Place, by: ChatUser): Promise<Result<RoundRecord, "no_round" | "not_allowed">> {
    const round = await this.deps.store.rounds.findOpenRound(place);
    if (!round) return err("no_round");
    const isStarter = round.place.platform === by.platform && round.startedByPlatformId === by.id;
    if (!isStarter && !by.isAdmin) return err("not_allowed");
    await this.tasks.track(this.lifecycle.finish(round.id, "stopped", `stopped by ${by.displayName}`));
    return ok(round);
  }

  /** A round question with its round and question, from the open-question cache when it is open. */
  roundQuestion(roundQuestionId: number): Promise<RoundQuestionContext | undefined> {
    return this.openQuestions.get(roundQuestionId);
  }

  /** The question currently open in a channel, for typed answers. */
  async currentQuestion(place: Place): Promise<RoundQuestionContext | undefined> {
    const { rounds } = this.deps.store;
    // Typed answers go to the interactive round; without one, to the day's first still-open question.
    const round = (await rounds.findOpenRound(place)) ?? (await rounds.findOpenDailyRound(place));
    if (!round || round.currentPosition < 0) return undefined;
    const records = await rounds.listRoundQuestions(round.id);
    const record =
      round.kind === "daily"
        ? records.find((candidate) => candidate.closedAt === null)
        : records.find((candidate) => candidate.position === round.currentPosition);
    if (!record || record.openedAt === null || record.closedAt !== null) return undefined;
    const question = this.deps.catalog.question(record.questionId);
    return question ? { round, record, question } : undefined;
  }

  /** Scores and records one answer; the reply to the member is the caller's, from the outcome. */
  async answer(input: AnswerInput): Promise<RoundAnswerOutcome> {
    const { round, record, question } = input.target;
    if (!samePlace(round.place, input.place)) return { type: "refused", reason: "unknown_action" };
    if (round.status !== "open" || record.openedAt === null || record.closedAt !== null) {
      return { type: "refused", reason: "question_closed" };
    }
    const correct = isCorrect(question, input.response);
    const responseMs = responseTime(record.openedAt, input.receivedAt);
    const windowSeconds = record.closesAt
      ? (record.closesAt.getTime() - record.openedAt.getTime()) / 1000
      : round.secondsPerQuestion;
    const points = pointsFor({ correct, responseMs, seconds: windowSeconds });
    const stored = await this.deps.store.answers.recordAnswer({
      roundQuestionId: record.id,
      place: round.place,
      roundKind: round.kind,
      user: input.user,
      questionId: question.id,
      response: input.response,
      correct,
      points,
      responseMs,
      answeredAt: input.receivedAt,
    });
    if (!stored.ok) {
      if (stored.error === "question_closed") this.openQuestions.forget(record.id);
      return { type: "refused", reason: stored.error };
    }
    this.lifecycle.afterAnswer(round, record, correct, {
      userId: stored.value.userId,
      platformId: input.user.id,
    });
    return { type: "recorded", correct, points, given: input.given, position: record.position };
  }

  private pick(
    topic: string | undefined,
    count: number,
  ): Result<{ questions: Question[]; seed: number }, { code: "no_questions"; filter: string }> {
    const candidates = playableQuestions(this.deps.catalog.questions(), {
      ...(topic ? { topic } : {}),
      challenges: this.deps.settings.challenges,
    });
    if (candidates.length === 0) return err({ code: "no_questions", filter: topic ?? "" });
    const seed = this.seed();
    return ok({ questions: pickQuestions(candidates, count, seed), seed });
  }
}

/** A challenge submission arrives already graded by the sandbox: all checks must pass. */
function isCorrect(question: Question, response: AnswerResponse): boolean {
  if (response.type !== "code") return checkAnswer(question, response).correct;
  return (
    question.kind === "challenge" &&
    response.checksTotal > 0 &&
    response.checksPassed === response.checksTotal &&
    response.raced !== true
  );
}

function roundOf(
  questions: readonly Question[],
  seed: number,
): Pick<NewRound, "packId" | "seed" | "questions"> {
  return {
    packId: singlePack(questions),
    seed,
    questions: questions.map((question) => ({
      questionId: question.id,
      optionOrder: shuffleOptions(question, String(seed)),
    })),
  };
}

function samePlace(a: Place, b: Place): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}

function singlePack(questions: readonly Question[]): string | null {
  const packs = new Set(questions.map((question) => question.packId));
  return packs.size === 1 ? ([...packs][0] ?? null) : null;
}
