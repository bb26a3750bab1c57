import type { AnswerText, OptionLabel } from "../../../domain/questions/answer-text.js";

/**
 * Answers in words, shared by rounds and reviews. The two differ only where an answer is code: a round's
 * reveal prints the expected output as it is and names what a challenge asked for, while a review shows
 * the output as code and points to the solution.
 */
export type AnswerSetting = "round" | "review";

export function truthWord(value: boolean): string {
  return value ? "True" : "False";
}

export function optionLabelWords(label: OptionLabel): string {
  return label.type === "truth" ? truthWord(label.value) : label.text;
}

export function answerWords(answer: AnswerText, setting: AnswerSetting): string {
  switch (answer.type) {
    case "keys":
      return answer.keys.join(", ");
    case "options":
      return answer.options.map((option) => `${option.key}. ${option.text}`).join(", ");
    case "truth":
      return truthWord(answer.value);
    case "text":
      return answer.text;
    case "output":
      return setting === "review" ? `\`${answer.output}\`` : answer.output;
    case "code":
      return "code";
    case "solution":
      return setting === "review" ? "see the reference solution" : "code that passes every hidden check";
  }
}
