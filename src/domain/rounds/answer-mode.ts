import type { OptionLabel } from "../questions/answer-text.js";
import type { Question } from "../questions/question.js";

export type AnswerMode = "choice" | "multi" | "truefalse" | "text" | "code";

/** How a member answers a question in a round: challenges take code, graded by the sandboxed runner. */
export function answerModeOf(question: Question): AnswerMode | undefined {
  switch (question.kind) {
    case "choice":
      return "choice";
    case "multi":
      return "multi";
    case "truefalse":
      return "truefalse";
    case "text":
      return "text";
    case "output":
      return question.ask === "choice" ? "choice" : "text";
    case "challenge":
      return "code";
  }
}

/** The options a round shows for a question, in pack order (true/false counts as two options). */
export function optionLabels(question: Question): readonly OptionLabel[] {
  switch (question.kind) {
    case "choice":
    case "multi":
      return question.options.map(textLabel);
    case "output":
      return question.ask === "choice" ? question.options.map(textLabel) : [];
    case "truefalse":
      return [
        { type: "truth", value: true },
        { type: "truth", value: false },
      ];
    default:
      return [];
  }
}

/** "A", "B", ... for shown positions. */
export function optionKey(position: number): string {
  return String.fromCharCode(65 + position);
}

function textLabel(text: string): OptionLabel {
  return { type: "text", text };
}
