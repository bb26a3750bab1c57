/** Views of personal reviews (`/review`): data only; the words live in src/platforms/shared/wording/review.ts. */
import type { AnswerText, OptionLabel } from "../../questions/answer-text.js";

export interface ReviewChoice {
  /** "A", "B", ... in the order shown (true/false too: the letters a text-only platform takes typed). */
  readonly key: string;
  readonly label: OptionLabel;
  readonly actionId: string;
}

export interface ReviewGradeButton {
  /** 1 Again, 2 Hard, 3 Good, 4 Easy. */
  readonly grade: 1 | 2 | 3 | 4;
  readonly actionId: string;
  /** How long until the card comes back with this grade. */
  readonly intervalMs: number;
  /** The grade the answer implies, pre-selected (highlighted). */
  readonly suggested: boolean;
}

export interface ReviewReveal {
  readonly correctAnswer: AnswerText;
  readonly explanation: string;
  readonly reference?: string;
  /** What the member picked and whether it was right; absent when they only asked to see the answer. */
  readonly given?: AnswerText;
  readonly correct?: boolean;
}

export interface ReviewCardView {
  readonly kind: "review_card";
  /** 0-based position in the session. */
  readonly position: number;
  readonly total: number;
  /** How many of the session's cards were due (the rest are new). */
  readonly dueCount: number;
  readonly isNew: boolean;
  readonly prompt: string;
  readonly code?: string;
  /** choice/truefalse: answer with buttons; recall: think of the answer, then show it. */
  readonly answerMode: "choice" | "truefalse" | "recall";
  readonly choices: readonly ReviewChoice[];
  readonly showAnswerActionId?: string;
  readonly reveal?: ReviewReveal;
  /** Present once the answer is revealed. */
  readonly grades?: readonly ReviewGradeButton[];
  readonly pauseActionId: string;
}

export interface ReviewSummaryView {
  readonly kind: "review_summary";
  /** on_vacation: `/review` while away; `nextDue` is then the day back (null: until turned off). */
  readonly outcome: "finished" | "paused" | "nothing_due" | "on_vacation";
  readonly reviewed: number;
  readonly again: number;
  /** Cards left in a paused session. */
  readonly remaining: number;
  readonly nextDue: Date | null;
  readonly timeZone: string;
}

export interface ReviewSettingsView {
  readonly kind: "review_settings";
  readonly retention: number;
  readonly newPerDay: number;
  /** `null`: not set, UTC assumed. */
  readonly timeZone: string | null;
  readonly reminderTime: string | null;
  readonly remindersEnabled: boolean;
  /** Whether cards on the review's findings join the member's reviews when their code is run. */
  readonly snippetCards: boolean;
  /** Easy days: weekdays (0 Sunday) that take fewer reviews. */
  readonly lightWeekdays: readonly number[];
  /** Vacation mode: `null` when not away; `until` null while away with no end. */
  readonly vacation: { readonly until: Date | null } | null;
  /** Present when this command brought the member back: the backlog and its cards per day, today first. */
  readonly backFromVacation?: { readonly cards: number; readonly perDay: readonly number[] };
  /** "Fit to my history": fit FSRS parameters to the member's own reviews, in the background. */
  readonly fitActionId: string;
  /** Simulated reviews per day over the next 30 days at each retention compared (0.80 ... 0.95). */
  readonly workload: readonly WorkloadLine[];
}

export interface WorkloadLine {
  readonly retention: number;
  /** Reviews on each of the next 30 days, today first. */
  readonly perDay: readonly number[];
  /** Whether this is (closest to) the member's own retention. */
  readonly current: boolean;
}

/** What "Fit to my history" led to. */
export interface ParameterFitView {
  readonly kind: "parameter_fit";
  /** started: fitting in the background; already_running: a fit began moments ago; too_few: not enough reviews. */
  readonly outcome: "started" | "already_running" | "too_few";
  readonly reviews: number;
  readonly threshold: number;
}

export interface ReviewReminderView {
  readonly kind: "review_reminder";
  readonly due: number;
  readonly minutes: number;
  readonly startActionId: string;
}
