import type { ReviewGrade } from "../reviews/grading.js";
import type { ReviewCard } from "../reviews/review-card.js";
import type { DueCard } from "../reviews/review-queue.js";
import type { ReviewSettings } from "../reviews/review-settings.js";
import type { DayCount, TagTally } from "../reviews/review-stats.js";
import type { PlatformName } from "./chat-platform.js";
import type { MemberDirectory } from "./member-directory.js";
import type { QuestionSource } from "./question-source.js";
import type { VacationStore } from "./vacation-store.js";

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

/*
 * The review ports, sized to who uses them (as discord.js keeps its ports to a role each): a member's
 * cards and their gradings, review sessions, settings, and the statistics read. Question definitions come
 * through their own port (`QuestionSource`), member ids through `MemberDirectory`.
 */

/** A member's cards: what is due, what is new, and grading one. */
export interface ReviewCardStore {
  dueCards(userId: number, now: Date, limit: number): Promise<DueCard[]>;
  countDue(userId: number, now: Date): Promise<number>;
  /** Questions of live packs the member has neither a card nor an answer for; never challenges. */
  unseenQuestions(userId: number, limit: number): Promise<string[]>;
  /** New cards introduced by personal reviews since `since`. */
  introducedSince(userId: number, since: Date): Promise<number>;
  card(userId: number, questionId: string): Promise<ReviewCard | undefined>;
  /** Every card of the member whose question is in a pack (for the workload simulation). */
  cards(userId: number): Promise<ReviewCard[]>;
  /** Grades the card (created when new) and writes its log row, in one transaction. */
  grade(request: GradeRequest): Promise<ReviewCard>;
  nextDue(userId: number): Promise<Date | undefined>;
}

/** Review sessions: a queue of cards a member works through, press by press, from any process. */
export interface ReviewSessionStore {
  openSession(userId: number, platform: PlatformName): Promise<ReviewSession | undefined>;
  createSession(
    userId: number,
    platform: PlatformName,
    queue: { readonly questionIds: readonly string[]; readonly dueCount: number },
    at: Date,
  ): Promise<ReviewSession>;
  session(sessionId: number): Promise<ReviewSession | undefined>;
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
  /**
   * Moves the session from `from` to `from + 1` only if it is still at `from`, so a double press grades
   * once; `undefined` when it had already moved.
   */
  advance(sessionId: number, from: number, at: Date): Promise<ReviewSession | undefined>;
  setStatus(sessionId: number, status: ReviewSession["status"], at: Date): Promise<void>;
  /** Gradings within a session: how many, and how many were Again. */
  sessionTally(session: ReviewSession, until: Date): Promise<{ reviewed: number; again: number }>;
}

/** A member's review settings, and the members whose reminders are on. */
export interface ReviewSettingsStore {
  settings(userId: number): Promise<ReviewSettings>;
  saveSettings(userId: number, settings: ReviewSettings): Promise<void>;
  reminderMembers(): Promise<ReminderMember[]>;
}

/** The facts `/stats` shows, read in one go. */
export interface ReviewStatsQueries {
  stats(
    userId: number,
    timeZone: string,
    now: Date,
    forecastEnd: Date,
    recentSince: Date,
  ): Promise<StatsFacts>;
}

/** The review ports together, as the composition root hands them to the review feature. */
export interface ReviewStorage {
  readonly members: MemberDirectory;
  readonly questions: QuestionSource;
  readonly cards: ReviewCardStore;
  readonly sessions: ReviewSessionStore;
  readonly settings: ReviewSettingsStore;
  readonly stats: ReviewStatsQueries;
  readonly vacation: VacationStore;
}
