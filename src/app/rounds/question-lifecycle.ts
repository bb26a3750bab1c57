import type {
  ChannelPresence,
  ChatPlatform,
  MessageRef,
  PlatformName,
} from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type {
  AnswerRow,
  RoundQuestionRecord,
  RoundRecord,
  RoundStorage,
} from "../../domain/ports/round-store.js";
import type { Timers } from "../../domain/ports/timers.js";
import type { Question } from "../../domain/questions/question.js";
import {
  closesEarly,
  type FirstQuestionPresence,
  groupSize,
  groupsToCheck,
  inactiveQuestionLimit,
  type PresentGroup,
} from "../../domain/rounds/standings.js";
import type { Logger } from "../../logger.js";
import type { QuestionCatalog } from "../question-catalog.js";
import type { LiveAnswerCount } from "./live-answer-count.js";
import type { OpenQuestions } from "./open-questions.js";
import type { RoundSettings } from "./round-settings.js";
import { roundSummaryView } from "./round-summary.js";
import type { RoundTasks } from "./round-tasks.js";
import { questionView, revealInfo } from "./round-views.js";

/** Who answered: the store's id and the platform's, as the presence groups name members by either. */
export interface Answerer {
  readonly userId: number;
  readonly platformId: string;
}

/** A challenge without its own `seconds` stays open this long: writing code takes minutes, not seconds. */
export const defaultChallengeSeconds = 300;

export interface QuestionLifecycleDeps {
  readonly store: RoundStorage;
  readonly catalog: QuestionCatalog;
  readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly settings: RoundSettings;
  readonly tasks: RoundTasks;
  readonly openQuestions: OpenQuestions;
  readonly liveCount: LiveAnswerCount;
}

/**
 * A question's life: open and post it, close it at its time (or early), reveal it, pause so the reveal can
 * be read, then the next one, and the summary after the last. Each step is a conditional update in the
 * store, so whichever process gets there first does it and the others skip it.
 */
export class QuestionLifecycle {
  private readonly closeTimers = new Map<number, () => void>();
  private readonly advanceTimers = new Map<number, () => void>();
  /** Who is taken as present on each open round's first question (see `groupsToCheck`). */
  private readonly presentByRound = new Map<number, Promise<FirstQuestionPresence>>();

  constructor(private readonly deps: QuestionLifecycleDeps) {}

  /** Cancels this process's timers; the database keeps the state for the next start or another process. */
  cancelAll(): void {
    for (const cancel of [...this.closeTimers.values(), ...this.advanceTimers.values()]) cancel();
    this.closeTimers.clear();
    this.advanceTimers.clear();
    this.presentByRound.clear();
  }

  /**
   * Opens and posts the next question, or finishes the round after the last one. A question closed less
   * than the reveal pause ago (also after a restart) keeps its reveal up for the rest of the pause first.
   */
  advance(roundId: number): Promise<void> {
    return this.deps.tasks.locked(roundId, async () => {
      if (this.deps.tasks.stopped) return;
      const { store } = this.deps;
      const round = await store.rounds.getRound(roundId);
      if (round?.status !== "open") return;
      const records = await store.rounds.listRoundQuestions(roundId);
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
      const now = this.deps.clock.now();
      const pauseEnds = current?.closedAt
        ? new Date(current.closedAt.getTime() + this.deps.settings.revealPauseMs)
        : undefined;
      if (pauseEnds && pauseEnds > now) {
        this.advanceAt(roundId, pauseEnds);
        return;
      }
      const next = round.currentPosition + 1;
      if (next >= round.questionCount) {
        await this.finishLocked(round, "finished", "completed");
        return;
      }
      const nextRecord = records.find((record) => record.position === next);
      const nextQuestion = nextRecord ? this.deps.catalog.question(nextRecord.questionId) : undefined;
      const closesAt = new Date(now.getTime() + this.secondsFor(round, nextQuestion) * 1000);
      const opened = await store.lifecycle.openQuestion(roundId, next, now, closesAt);
      if (!opened) return;
      // Loaded as question 1 opens, so its first answers find it ready (see afterAnswer).
      if (next === 0 && round.mode === "everyone") this.presentAtStart(round).catch(() => undefined);
      if (opened.opened) await this.postQuestion(round, opened.question);
      this.armClose(opened.question);
    });
  }

  /** Posts a question that is open in the store and records the message, so it can be edited later. */
  async postQuestion(round: RoundRecord, record: RoundQuestionRecord): Promise<MessageRef | undefined> {
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
    await this.deps.store.lifecycle.setQuestionMessage(record.id, message);
    return message;
  }

  /** Closes the question at its time, unless a timer for it is already set. */
  armClose(record: RoundQuestionRecord): void {
    if (this.deps.tasks.stopped || this.closeTimers.has(record.id) || !record.closesAt) return;
    const cancel = this.deps.timers.at(record.closesAt, () => {
      this.closeTimers.delete(record.id);
      this.deps.tasks.track(this.closeQuestion(record.id));
    });
    this.closeTimers.set(record.id, cancel);
  }

  /**
   * After a recorded answer: closes the question early when the round's rule says it may. On an everyone
   * round's first question the answer is checked against who was taken as present as it opened (see
   * `groupsToCheck`), loaded once per round and process, so an answer from outside every group costs no
   * query at all.
   */
  afterAnswer(round: RoundRecord, record: RoundQuestionRecord, correct: boolean, answerer: Answerer): void {
    // Never in a daily quiz: it stays open until its close time.
    if (round.kind === "daily" || (round.mode === "first_correct" && !correct)) {
      this.deps.liveCount.refreshSoon(round, record);
      return;
    }
    const check = async () => {
      if (round.mode === "first_correct") return true;
      const { answers } = this.deps.store;
      if (record.position > 0) {
        this.presentByRound.delete(round.id);
        return closesEarly({
          mode: round.mode,
          answerWasCorrect: correct,
          presentAnswered: await answers.answerCount(record.id),
          present: await answers.participantCount(round.id),
        });
      }
      for (const group of groupsToCheck(await this.presentAtStart(round), answerer)) {
        const presentAnswered = await this.answeredIn(group, round, record);
        if (
          closesEarly({
            mode: round.mode,
            answerWasCorrect: correct,
            presentAnswered,
            present: groupSize(group),
          })
        )
          return true;
      }
      return false;
    };
    this.deps.tasks.track(
      (async () => {
        if (await check()) await this.closeQuestion(record.id);
        else this.deps.liveCount.refreshSoon(round, record);
      })(),
    );
  }

  private answeredIn(group: PresentGroup, round: RoundRecord, record: RoundQuestionRecord): Promise<number> {
    const { answers } = this.deps.store;
    if (group.among === "user_ids") return answers.answeredAmong(record.id, group.ids);
    if (group.among === "platform_ids")
      return answers.answeredAmongMembers(record.id, round.place.platform, group.ids);
    return answers.answerCount(record.id);
  }

  /** Who is taken as present on the round's first question; loaded once per round in this process. */
  private presentAtStart(round: RoundRecord): Promise<FirstQuestionPresence> {
    let present = this.presentByRound.get(round.id);
    if (!present) {
      present = Promise.all([
        this.deps.store.answers.previousRoundMembers(round.id),
        this.channelPresence(round),
      ]).then(([previousRound, channel]) => ({ previousRound, starter: round.startedBy, channel }));
      // A failed load is retried by the next answer rather than remembered.
      present.catch(() => this.presentByRound.delete(round.id));
      this.presentByRound.set(round.id, present);
    }
    return present;
  }

  /** The platform's view of the channel; a platform that cannot tell (or fails to) leaves it unknown. */
  private async channelPresence(round: RoundRecord): Promise<ChannelPresence> {
    const platform = this.deps.platforms.get(round.place.platform);
    if (!platform?.channelPresence) return { kind: "unknown" };
    try {
      return await platform.channelPresence(round.place);
    } catch (error) {
      this.deps.logger.warn({ err: error, roundId: round.id }, "channel presence unavailable");
      return { kind: "unknown" };
    }
  }

  /** Closes a question once (whichever process gets there first), reveals it, and moves on. */
  async closeQuestion(roundQuestionId: number): Promise<void> {
    const { store } = this.deps;
    const record = await store.rounds.getRoundQuestion(roundQuestionId);
    if (!record) return;
    await this.deps.tasks.locked(record.roundId, async () => {
      const now = this.deps.clock.now();
      this.deps.openQuestions.forget(record.id);
      if (!(await store.lifecycle.closeQuestion(record.id, now))) return;
      this.cancelClose(record.id);
      this.deps.liveCount.cancel(record.id);
      const round = await store.rounds.getRound(record.roundId);
      const question = this.deps.catalog.question(record.questionId);
      if (!round || !question) return;
      const answers = await store.answers.questionAnswers(record.id);
      await this.reveal(round, { ...record, closedAt: now }, question, answers);
      await this.afterReveal(round, record, answers.length);
    });
  }

  /** Finishes a round under its lock (a stop, or the sweep's finish of a round left behind). */
  finish(roundId: number, status: "finished" | "stopped", reason: string): Promise<void> {
    return this.deps.tasks.locked(roundId, async () => {
      const round = await this.deps.store.rounds.getRound(roundId);
      if (round) await this.finishLocked(round, status, reason);
    });
  }

  /** Posts the summary of a finished round, once across processes. */
  async postSummary(roundId: number): Promise<void> {
    const { store } = this.deps;
    if (!(await store.lifecycle.claimSummary(roundId, this.deps.settings.instanceId))) return;
    const view = await roundSummaryView(store, roundId);
    const round = await store.rounds.getRound(roundId);
    const platform = round ? this.deps.platforms.get(round.place.platform) : undefined;
    if (!round || !platform || !view) return;
    const message = await platform.post(round.place, view);
    await store.lifecycle.setSummaryMessage(round.id, message);
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

  private async afterReveal(round: RoundRecord, record: RoundQuestionRecord, answered: number) {
    const { store } = this.deps;
    if (round.kind === "daily") {
      // Checked after this close committed, so whichever process closes the last question finishes.
      const open = (await store.rounds.listRoundQuestions(round.id)).filter(
        (other) => other.closedAt === null,
      );
      if (open.length === 0) await this.finishLocked(round, "finished", "completed");
      return;
    }
    const streak = answered === 0 ? round.unansweredStreak + 1 : 0;
    await store.lifecycle.setUnansweredStreak(round.id, streak);
    if (streak >= inactiveQuestionLimit) {
      await this.finishLocked(round, "stopped", "inactive");
      return;
    }
    if (record.position + 1 >= round.questionCount) {
      await this.finishLocked(round, "finished", "completed");
      return;
    }
    this.advanceAt(round.id, new Date(this.deps.clock.now().getTime() + this.deps.settings.revealPauseMs));
  }

  private advanceAt(roundId: number, at: Date): void {
    if (this.deps.tasks.stopped || this.advanceTimers.has(roundId)) return;
    const cancel = this.deps.timers.at(at, () => {
      this.advanceTimers.delete(roundId);
      this.deps.tasks.track(this.advance(roundId));
    });
    this.advanceTimers.set(roundId, cancel);
  }

  private cancelClose(roundQuestionId: number): void {
    this.closeTimers.get(roundQuestionId)?.();
    this.closeTimers.delete(roundQuestionId);
  }

  private async reveal(
    round: RoundRecord,
    record: RoundQuestionRecord,
    question: Question,
    answers: readonly AnswerRow[],
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

  private async finishLocked(round: RoundRecord, status: "finished" | "stopped", reason: string) {
    const { store } = this.deps;
    this.presentByRound.delete(round.id);
    const won = await store.lifecycle.finishRound(round.id, status, reason, this.deps.clock.now());
    for (const record of await store.rounds.listRoundQuestions(round.id)) {
      this.deps.openQuestions.forget(record.id);
      this.cancelClose(record.id);
    }
    if (won) await this.postSummary(round.id);
  }
}
