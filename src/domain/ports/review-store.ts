import type { Question } from "../questions/question.js";
import type { ReviewGrade } from "../reviews/grading.js";
import type { ReviewCard } from "../reviews/review-card.js";
import type { DueCard } from "../reviews/review-queue.js";
import type { ReviewSettings } from "../reviews/review-settings.js";
import type { DayCount, TagTally } from "../reviews/review-stats.js";
import type { ChatUser, PlatformName } from "./chat-platform.js";

export type ReviewSource = "round" | "daily" | "review";

export interface ReviewSession {
  readonly id: number;
  readonly userId: number;
  readonly status: "active" | "paused" | "finished";
  readonly questionIds: readonly string[];
  /** The first `dueCount` cards were due at the start; the rest are new. */
  readonly dueCount: number;
  readonly position: number;
  /** When the card at `position` was shown: the start of its response time. */
  readonly updatedAt: Date;
  readonly startedAt: Date;
}

export interface ReviewQuestion {
  readonly question: Question;
  /** The question's own time or its pack's default. */
  readonly seconds: number;
}

export interface GradeRequest {
  readonly userId: number;
  readonly questionId: string;
  readonly grade: ReviewGrade;
  readonly at: Date;
  readonly source: ReviewSource;
  /** Where the member was, for the streak credit of graded-not-Again reviews. */
  readonly platform: PlatformName;
  readonly workspaceId: string;
}

/** A reminder candidate: a member whose reminders are on, with their settings. */
export interface ReminderMember {
  readonly userId: number;
  readonly platform: PlatformName;
  readonly platformUserId: string;
  readonly settings: ReviewSettings;
}

export interface StatsFacts {
  /** Due cards per local date up to the end of the forecast, overdue ones on their own (past) dates. */
  readonly dueByDay: readonly DayCount[];
  readonly reviewsDone: number;
  readonly recentReviews: number;
  readonly recentAgain: number;
  /** Local dates with any review or answer. */
  readonly activeDays: readonly string[];
  readonly tags: readonly TagTally[];
}

/** Everything the review feature stores: cards, logs, sessions and settings. */
export interface ReviewStore {
  userIdOf(user: Pick<ChatUser, "platform" | "id" | "displayName">): Promise<number>;
  settings(userId: number): Promise<ReviewSettings>;
  saveSettings(userId: number, settings: ReviewSettings): Promise<void>;

  dueCards(userId: number, now: Date, limit: number): Promise<DueCard[]>;
  countDue(userId: number, now: Date): Promise<number>;
  /** Questions of live packs the member has neither a card nor an answer for; never challenges. */
  unseenQuestions(userId: number, limit: number): Promise<string[]>;
  /** New cards introduced by personal reviews since `since`. */
  introducedSince(userId: number, since: Date): Promise<number>;
  card(userId: number, questionId: string): Promise<ReviewCard | undefined>;
  /** Every card of the member whose question is in a pack (for the workload simulation). */
  cards(userId: number): Promise<ReviewCard[]>;
  question(questionId: string): Promise<ReviewQuestion | undefined>;
  /** Grades the card (created when new) and writes its log row, in one transaction. */
  grade(request: GradeRequest): Promise<ReviewCard>;
  /**
   * Grades the card at the session's position `from` and moves the session on, in one transaction, only
   * if the session is still there: a double press or a second process grades once. `undefined` when the
   * session had already moved.
   */
  gradeInSession(
    request: GradeRequest,
    sessionId: number,
    from: number,
  ): Promise<{ card: ReviewCard; session: ReviewSession } | undefined>;
  nextDue(userId: number): Promise<Date | undefined>;

  openSession(userId: number, platform: PlatformName): Promise<ReviewSession | undefined>;
  createSession(
    userId: number,
    platform: PlatformName,
    queue: { readonly questionIds: readonly string[]; readonly dueCount: number },
    at: Date,
  ): Promise<ReviewSession>;
  session(sessionId: number): Promise<ReviewSession | undefined>;
  /**
   * Moves the session from `from` to `from + 1` only if it is still at `from`, so a double press grades
   * once; `undefined` when it had already moved.
   */
  advance(sessionId: number, from: number, at: Date): Promise<ReviewSession | undefined>;
  setStatus(sessionId: number, status: ReviewSession["status"], at: Date): Promise<void>;
  /** Gradings within a session: how many, and how many were Again. */
  sessionTally(session: ReviewSession, until: Date): Promise<{ reviewed: number; again: number }>;

  reminderMembers(): Promise<ReminderMember[]>;
  stats(
    userId: number,
    timeZone: string,
    now: Date,
    forecastEnd: Date,
    recentSince: Date,
  ): Promise<StatsFacts>;
}
