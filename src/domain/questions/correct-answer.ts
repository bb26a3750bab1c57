import type { Question } from "./question.js";

/**
 * What a reveal shows as the right answer, as data: the platform adapter decides the wording and
 * layout (and maps option indices to the letters it displayed after shuffling).
 */
export type CorrectAnswer =
  | { readonly type: "options"; readonly indices: readonly number[]; readonly options: readonly string[] }
  | { readonly type: "truefalse"; readonly value: boolean }
  /** `accepted[0]` is the answer to show; the rest are other spellings that also counted. */
  | { readonly type: "text"; readonly accepted: readonly string[] }
  | { readonly type: "output"; readonly output: string }
  /** A challenge's reference solution, to show once the challenge is closed. */
  | { readonly type: "solution"; readonly code: string };

export function describeCorrectAnswer(question: Question): CorrectAnswer {
  switch (question.kind) {
    case "choice":
      return { type: "options", indices: [question.correct], options: question.options };
    case "multi":
      return {
        type: "options",
        indices: [...question.correct].sort((a, b) => a - b),
        options: question.options,
      };
    case "truefalse":
      return { type: "truefalse", value: question.answer };
    case "text":
      return { type: "text", accepted: question.accepted };
    case "output":
      return question.ask === "choice"
        ? { type: "options", indices: [question.correct], options: question.options }
        : { type: "output", output: question.expected };
    case "challenge":
      return { type: "solution", code: question.solution };
  }
}
