import type { AnswerResponse } from "./question.js";

/**
 * The one option an answer picked, for the option split of a question's figures: the pack index of a
 * single choice, 0 for "true" and 1 for "false", and -1 for anything else (several choices, typed text,
 * code), which has no one option to count.
 */
export function answerOption(response: AnswerResponse): number {
  switch (response.type) {
    case "choice":
      return response.index;
    case "truefalse":
      return response.value ? 0 : 1;
    default:
      return -1;
  }
}
