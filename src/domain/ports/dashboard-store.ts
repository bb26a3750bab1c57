import type { PlatformName } from "./chat-platform.js";
import type { GroupKind } from "./leaderboard-store.js";

/** The server (Discord guild) or workspace (Slack) a dashboard page shows; nothing outside it is read. */
export interface DashboardScope {
  readonly platform: PlatformName;
  readonly workspaceId: string;
}

/** One ISO week of a group's board, "2026-W49", in the group's time zone. */
export interface BoardWeek {
  readonly week: string;
  /** Members with at least one answer that week. */
  readonly active: number;
  readonly answered: number;
  readonly correct: number;
  readonly points: number;
}

export interface GroupFigures {
  readonly kind: GroupKind;
  /** "" for the server's own group, the channel id for a channel, the given name for a named group. */
  readonly name: string;
  /** Members on the group's all-time board. */
  readonly members: number;
  /** The most recent weeks, oldest first (weeks nobody answered in count zero). */
  readonly weeks: readonly BoardWeek[];
}

export interface ActiveMember {
  readonly memberId: string;
  readonly name: string;
  readonly answered: number;
  readonly correct: number;
  readonly points: number;
}

export interface DailyQuizFigures {
  readonly roundId: number;
  readonly channelId: string;
  readonly postedAt: Date;
  readonly questions: number;
  /** Members who answered at least one of its questions. */
  readonly participants: number;
  readonly answers: number;
  readonly correct: number;
}

export interface WorkspaceOverview {
  readonly groups: readonly GroupFigures[];
  /** The server's current week, and how many members answered in it. */
  readonly week: string;
  readonly activeThisWeek: number;
  /** This week's busiest members, most answers first. */
  readonly mostActive: readonly ActiveMember[];
  /** The latest daily quiz posts, newest first. */
  readonly dailyQuizzes: readonly DailyQuizFigures[];
}

export interface TagFigures {
  readonly tag: string;
  readonly answered: number;
  readonly correct: number;
}

export interface MemberFigures {
  readonly memberId: string;
  readonly name: string;
  /** The member's weeks on the server's board, oldest first. */
  readonly weeks: readonly BoardWeek[];
  readonly streak: { readonly current: number; readonly longest: number };
  /** Answers by question tag over the last 90 days on this server. */
  readonly byTag: readonly TagFigures[];
  /** Review cards due on each of the next 14 days (UTC days), the first including those overdue. */
  readonly due: readonly { readonly day: string; readonly cards: number }[];
}

/** How one question was answered on this server: the figures an organiser reads to pitch the difficulty. */
export interface QuestionFigures {
  readonly questionId: string;
  readonly prompt: string;
  readonly tags: readonly string[];
  readonly answers: number;
  readonly correct: number;
  /** Median time to answer in ms (from 250 ms buckets); undefined without answers. */
  readonly medianMs: number | undefined;
}

export interface QuestionDetail extends QuestionFigures {
  readonly options: readonly string[];
  /** Answers per option index (pack order); the other answers (typed, timed out) under -1. */
  readonly choices: readonly {
    readonly option: number;
    readonly answers: number;
    readonly correct: number;
  }[];
}

/** A tag's mastery in the group: its members' review cards on questions with that tag. */
export interface TagMastery {
  readonly tag: string;
  readonly cards: number;
  readonly members: number;
  /** Mean predicted probability of recall now (FSRS forgetting curve), 0..1. */
  readonly meanRecall: number;
}

/** What the dashboard reads. Every method is bounded by indexes or the running aggregates, never a scan of all answers. */
export interface DashboardStore {
  overview(scope: DashboardScope, now: Date): Promise<WorkspaceOverview>;
  /** Undefined when the member has never been seen on this platform. */
  member(scope: DashboardScope, memberId: string, now: Date): Promise<MemberFigures | undefined>;
  questions(scope: DashboardScope): Promise<QuestionFigures[]>;
  question(scope: DashboardScope, questionId: string): Promise<QuestionDetail | undefined>;
  tags(scope: DashboardScope, now: Date): Promise<TagMastery[]>;
}
