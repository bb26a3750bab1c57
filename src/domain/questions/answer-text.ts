/**
 * An answer as views carry it: which options, which truth value, which text. Data only; the platform
 * wording (src/platforms/shared/wording/answer-words.ts) puts it into words, so "True", "False" and the
 * phrases for code answers are chosen there, not here or in the app.
 */
export type AnswerText =
  /** Option letters as shown: one ("B") or several ("A, C"). */
  | { readonly type: "keys"; readonly keys: readonly string[] }
  /** Options as shown, each with its letter and text ("A. one, C. three"). */
  | { readonly type: "options"; readonly options: readonly ShownOption[] }
  | { readonly type: "truth"; readonly value: boolean }
  /** Text as typed, or the accepted answer to a text question. */
  | { readonly type: "text"; readonly text: string }
  /** The output a program is expected to print. */
  | { readonly type: "output"; readonly output: string }
  /** Code a member submitted for a challenge. */
  | { readonly type: "code" }
  /** A challenge's right answer: the reference solution stays hidden, so only what counted is named. */
  | { readonly type: "solution" };

export interface ShownOption {
  readonly key: string;
  readonly text: string;
}

/** A choice button's label: an option's own text, or True/False for a true/false question. */
export type OptionLabel = Extract<AnswerText, { readonly type: "text" | "truth" }>;
