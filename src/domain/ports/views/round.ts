/** Views of quiz rounds: data only; each platform adapter chooses the words and layout. */
import type { AnswerText, OptionLabel } from "../../questions/answer-text.js";

export type AnswerMode = "choice" | "multi" | "truefalse" | "text" | "code";

export interface ChoiceButton {
  /** "A", "B", ... in the order shown. */
  readonly key: string;
  readonly label: OptionLabel;
  readonly actionId: string;
}

export interface RevealInfo {
  readonly correctKeys: readonly string[];
  /** The correct answer (options with their letters, the accepted text, the output...). */
  readonly correctAnswer: AnswerText;
  readonly explanation: string;
  readonly reference?: string;
  readonly answeredCount: number;
  readonly correctCount: number;
  /** Members who got it right, fastest first. */
  readonly correctMembers: readonly { readonly displayName: string; readonly responseMs: number }[];
}

export interface QuestionView {
  readonly kind: "question";
  readonly roundId: number;
  readonly roundQuestionId: number;
  readonly position: number;
  readonly total: number;
  readonly daily: boolean;
  readonly questionId: string;
  /** The pack's prompt; empty when `standardPrompt` stands in for it. */
  readonly prompt: string;
  /**
   * Present when the pack left the prompt of an output question blank: the platform then asks its own
   * standard question ("what does this print?").
   */
  readonly standardPrompt?: "output";
  /** Python source of an `output` question, or a challenge's starter code, shown as a code block. */
  readonly code?: string;
  readonly answerMode: AnswerMode;
  readonly choices: readonly ChoiceButton[];
  /** For multi: one control whose selected values are option keys; for text: a button opening a form. */
  readonly submitActionId?: string;
  readonly seconds: number;
  readonly closesAt: Date;
  /** The daily schedule's zone: the close time is shown in it (UTC when absent). */
  readonly timeZone?: string;
  readonly answeredCount: number;
  readonly state: "open" | "closed";
  readonly reveal?: RevealInfo;
  readonly mode: "everyone" | "first_correct";
}

export interface AnswerAckView {
  readonly kind: "answer_ack";
  readonly position: number;
  /** What the member chose, as shown (letters, true/false, their text, or code). */
  readonly given: AnswerText;
  readonly correct: boolean;
  readonly points: number;
}

export interface SummaryRow {
  readonly rank: number;
  readonly displayName: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
}

export interface RoundSummaryView {
  readonly kind: "round_summary";
  readonly roundId: number;
  readonly daily: boolean;
  readonly outcome: "finished" | "stopped" | "inactive";
  readonly rows: readonly SummaryRow[];
  readonly questions: readonly {
    readonly position: number;
    readonly correctCount: number;
    readonly answeredCount: number;
  }[];
  readonly questionCount: number;
}

export interface RoundStartedView {
  readonly kind: "round_started";
  readonly startedBy: string;
  readonly questionCount: number;
  readonly seconds: number;
  readonly mode: "everyone" | "first_correct";
  readonly packTitle: string;
  readonly topic?: string;
}
