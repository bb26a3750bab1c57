import type { AnswerResponse } from "../questions/question.js";
import type { Result } from "../result.js";
import type { ChatUser, MessageRef, Place, PlatformName } from "./chat-platform.js";

export type RoundMode = "everyone" | "first_correct";
export type RoundKind = "round" | "daily";

export interface RoundRecord {
  readonly id: number;
  readonly place: Place;
  readonly kind: RoundKind;
  readonly status: "open" | "finished" | "stopped";
  readonly mode: RoundMode;
  readonly startedBy: number | null;
  readonly startedByName: string | null;
  /** The starter's id on the platform, to let them stop their own round. */
  readonly startedByPlatformId: string | null;
  /** "completed", "inactive" or "stopped by <name>" once the round is over. */
  readonly stopReason: string | null;
  readonly packId: string | null;
  readonly topic: string | null;
  readonly questionCount: number;
  readonly secondsPerQuestion: number;
  readonly seed: number;
  readonly currentPosition: number;
  readonly unansweredStreak: number;
  readonly createdAt: Date;
  readonly summaryMessage: MessageRef | null;
  /** A daily round's schedule zone, in which its close time is shown. */
  readonly timeZone?: string;
}

export interface RoundQuestionRecord {
  readonly id: number;
  readonly roundId: number;
  readonly position: number;
  readonly questionId: string;
  readonly optionOrder: readonly number[] | null;
  readonly openedAt: Date | null;
  readonly closesAt: Date | null;
  readonly closedAt: Date | null;
  readonly message: MessageRef | null;
}

export interface NewRound {
  readonly place: Place;
  readonly kind: RoundKind;
  readonly mode: RoundMode;
  readonly startedBy: Pick<ChatUser, "platform" | "id" | "displayName"> | null;
  readonly packId: string | null;
  readonly topic: string | null;
  readonly secondsPerQuestion: number;
  readonly seed: number;
  readonly questions: readonly {
    readonly questionId: string;
    readonly optionOrder: readonly number[] | null;
  }[];
  /** A daily round opens every question at once, each until `closesAt`. */
  readonly openAll?: { readonly at: Date; readonly closesAt: Date };
  /**
   * The daily-quiz slot this round is posted for: the slot row is claimed in the round's own transaction,
   * so a round exists only for the one process that won the slot, and a won slot always has its round.
   */
  readonly slot?: { readonly scheduleId: number; readonly slotAt: Date; readonly claimant: string };
}

export type CreateRoundError = "channel_busy" | "slot_taken";

export interface AnswerFacts {
  readonly roundQuestionId: number;
  /**
   * Where the round runs and what kind it is, for the answer hooks (the groups it counts in). The engine
   * knows them; other callers may leave them out and the store looks them up.
   */
  readonly place?: Place;
  readonly roundKind?: RoundKind;
  readonly user: Pick<ChatUser, "platform" | "id" | "displayName">;
  readonly questionId: string;
  readonly response: AnswerResponse;
  readonly correct: boolean;
  readonly points: number;
  readonly responseMs: number;
  readonly answeredAt: Date;
}

export interface RecordedAnswer {
  readonly answerId: number;
  readonly userId: number;
}

export type RecordAnswerError = "already_answered" | "question_closed";

export interface AnswerRow {
  readonly userId: number;
  readonly displayName: string;
  readonly correct: boolean;
  readonly points: number;
  readonly responseMs: number;
  readonly answeredAt: Date;
}

export interface StandingRow {
  readonly userId: number;
  readonly displayName: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  readonly totalResponseMs: number;
  readonly lastCorrectAt: Date | null;
}

/*
 * The round ports, sized to who uses them (as discord.js keeps its ports to a role each): reading rounds,
 * moving a question through its life, finding work a stopped process left, and answers. Every state
 * change is conditional, so several processes agree on who posts what.
 */

/** Reads and creates rounds and their questions. */
export interface RoundRepository {
  createRound(round: NewRound): Promise<Result<RoundRecord, CreateRoundError>>;
  findOpenRound(place: Place): Promise<RoundRecord | undefined>;
  /** The channel's oldest open daily round, whose questions typed answers go to when no round runs. */
  findOpenDailyRound(place: Place): Promise<RoundRecord | undefined>;
  getRound(roundId: number): Promise<RoundRecord | undefined>;
  listOpenRounds(): Promise<RoundRecord[]>;
  listRoundQuestions(roundId: number): Promise<RoundQuestionRecord[]>;
  getRoundQuestion(roundQuestionId: number): Promise<RoundQuestionRecord | undefined>;
}

/** The conditional state changes of a question and its round: open, post, close, finish, summarise. */
export interface QuestionLifecycleStore {
  /**
   * Opens the question at `position` unless it already is; `opened` tells whether this caller opened it,
   * and so must post it.
   */
  openQuestion(
    roundId: number,
    position: number,
    openedAt: Date,
    closesAt: Date,
  ): Promise<{ question: RoundQuestionRecord; opened: boolean } | undefined>;
  setQuestionMessage(roundQuestionId: number, message: MessageRef): Promise<void>;
  /**
   * Claims the right to (re)post an open question whose message is missing because its poster died:
   * true for exactly one caller.
   */
  claimOrphanedQuestion(roundQuestionId: number, claimant: string, olderThan: Date): Promise<boolean>;
  /** Gives back a claim from `claimOrphanedQuestion` whose post failed, so the sweep tries again. */
  releaseQuestionClaim(roundQuestionId: number, claimant: string): Promise<void>;
  /** True only for the one caller that closed it. */
  closeQuestion(roundQuestionId: number, closedAt: Date): Promise<boolean>;
  setUnansweredStreak(roundId: number, streak: number): Promise<void>;
  /** True only for the one caller that finished it. */
  finishRound(roundId: number, status: "finished" | "stopped", reason: string, now: Date): Promise<boolean>;
  /** True for exactly one caller: the right to post the summary. */
  claimSummary(roundId: number, claimant: string): Promise<boolean>;
  setSummaryMessage(roundId: number, message: MessageRef): Promise<void>;
}

/** What the backstop sweep looks for: work no timer of a live process will do. */
export interface RoundRecoveryQueries {
  /** Open questions of open rounds with no posted message, opened before `olderThan`. */
  listOrphanedQuestions(olderThan: Date): Promise<RoundQuestionRecord[]>;
  /** Open rounds whose current question closed before `closedBefore` and whose next one never opened. */
  listStalledRounds(closedBefore: Date): Promise<RoundRecord[]>;
  /** Finished rounds whose summary was never posted (the finisher died in between). */
  listUnsummarisedRounds(): Promise<RoundRecord[]>;
  /** Open questions whose time ran out (after restarts, and for other processes' rounds). */
  listExpiredQuestions(now: Date): Promise<RoundQuestionRecord[]>;
}

/** Answers: recording one (once per member and question, only while open) and reading them back. */
export interface RoundAnswerStore {
  recordAnswer(answer: AnswerFacts): Promise<Result<RecordedAnswer, RecordAnswerError>>;
  questionAnswers(roundQuestionId: number): Promise<AnswerRow[]>;
  answerCount(roundQuestionId: number): Promise<number>;
  standings(roundId: number): Promise<StandingRow[]>;
  /** Distinct members who answered any question of the round. */
  participantCount(roundId: number): Promise<number>;
  /**
   * Members who answered the channel's latest earlier round (interactive, with at least one answer): who
   * is likely present before anyone has answered this one. Empty in a channel that never played.
   */
  previousRoundMembers(roundId: number): Promise<number[]>;
  /** How many of `userIds` have answered this question. */
  answeredAmong(roundQuestionId: number, userIds: readonly number[]): Promise<number>;
  /** How many of the members with these platform ids have answered this question. */
  answeredAmongMembers(
    roundQuestionId: number,
    platform: PlatformName,
    platformUserIds: readonly string[],
  ): Promise<number>;
}

/** The four round ports together, as the composition root hands them to the round engine. */
export interface RoundStorage {
  readonly rounds: RoundRepository;
  readonly lifecycle: QuestionLifecycleStore;
  readonly recovery: RoundRecoveryQueries;
  readonly answers: RoundAnswerStore;
}
