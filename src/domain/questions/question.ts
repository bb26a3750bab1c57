/**
 * A question as the domain sees it, after a pack file was parsed and validated.
 * Option indices are always those of the pack file; rounds shuffle only what they show.
 */
export type QuestionKind = "choice" | "multi" | "truefalse" | "text" | "output" | "challenge";
export type Difficulty = 1 | 2 | 3;

interface QuestionBase {
  /** Stable across edits and unique across all packs: review history and scores hang on it. */
  readonly id: string;
  readonly packId: string;
  readonly tags: readonly string[];
  readonly difficulty: Difficulty;
  /** Markdown; may hold fenced code blocks. */
  readonly prompt: string;
  /** Shown after the answer is revealed. */
  readonly explanation: string;
  readonly reference?: string;
  /** Overrides the pack's default time per question. */
  readonly seconds?: number;
}

export interface ChoiceQuestion extends QuestionBase {
  readonly kind: "choice";
  readonly options: readonly string[];
  readonly correct: number;
  /** Keep the file's order, e.g. when an option reads "all of the above". */
  readonly keepOrder: boolean;
}

export interface MultiQuestion extends QuestionBase {
  readonly kind: "multi";
  readonly options: readonly string[];
  readonly correct: readonly number[];
  readonly keepOrder: boolean;
}

export interface TrueFalseQuestion extends QuestionBase {
  readonly kind: "truefalse";
  readonly answer: boolean;
}

export interface TextQuestion extends QuestionBase {
  readonly kind: "text";
  readonly accepted: readonly string[];
  /** Largest share of edits (0..1 of the accepted answer's length) still counted as a typo. */
  readonly fuzzy?: number;
}

/** "What does this print?": the expected output is verified by running `code` in the test suite. */
export type OutputQuestion = QuestionBase & {
  readonly kind: "output";
  readonly code: string;
} & (
    | {
        readonly ask: "choice";
        readonly options: readonly string[];
        readonly correct: number;
        readonly keepOrder: boolean;
      }
    | { readonly ask: "text"; readonly expected: string }
  );

export interface ChallengeCheck {
  readonly name: string;
  /** Python run after the member's module is imported as `solution`; passes unless it raises. */
  readonly code: string;
}

export interface ChallengeQuestion extends QuestionBase {
  readonly kind: "challenge";
  /** Shown to members; blanks are marked with `___`. */
  readonly starter: string;
  /** Hidden from members. */
  readonly checks: readonly ChallengeCheck[];
  /** Hidden from members; must pass every check (proved by a test). */
  readonly solution: string;
  /**
   * Hidden from members: plausible wrong answers, each of which must fail at least one check on every
   * run (proved by a test), so the checks are known to catch the mistakes they name.
   */
  readonly wrongSolutions?: readonly WrongSolution[];
  /**
   * Passing the checks is not enough: they are also run under the interleaving explorer, and a
   * submission for which some schedule fails a check or deadlocks is graded wrong.
   */
  readonly explore?: boolean;
}

/** A wrong answer to a challenge, kept in the pack to prove that its checks catch `mistake`. */
export interface WrongSolution {
  /** One line naming the mistake it models, e.g. "one sentinel for all workers". */
  readonly mistake: string;
  /** A whole solution module. */
  readonly code: string;
}

export type Question =
  | ChoiceQuestion
  | MultiQuestion
  | TrueFalseQuestion
  | TextQuestion
  | OutputQuestion
  | ChallengeQuestion;

export interface PackSettings {
  readonly secondsPerQuestion: number;
}

export interface Pack {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly language: string;
  readonly version: string;
  readonly author: string;
  readonly settings: PackSettings;
  readonly questions: readonly Question[];
}

/** What a member sends back; indices refer to the pack's option order, never the shuffled one. */
export type AnswerResponse =
  | { readonly type: "choice"; readonly index: number }
  | { readonly type: "multi"; readonly indices: readonly number[] }
  | { readonly type: "truefalse"; readonly value: boolean }
  | { readonly type: "text"; readonly text: string }
  /** A challenge submission, with the checks the sandbox reported passed (graded outside `checkAnswer`). */
  | {
      readonly type: "code";
      readonly code: string;
      readonly checksPassed: number;
      readonly checksTotal: number;
      /** A challenge with `explore: true`: some schedule made a check fail or the threads deadlock. */
      readonly raced?: boolean;
    };
