import type { AnswerResponse, Question } from "../questions/question.js";
import { err, ok, type Result } from "../result.js";
import { answerModeOf, optionLabels } from "./answer-mode.js";

/**
 * Turns a typed answer into a response, for platforms without buttons and for text questions.
 * Choices accept a letter ("b"), a shown number ("2") or several for multi ("a c", "A,C"); true/false
 * accepts true/false/t/f/yes/no. `shownOrder[position]` is the pack index of the option shown there.
 */
export function parseTypedAnswer(
  question: Question,
  shownOrder: readonly number[],
  text: string,
): Result<AnswerResponse, "not_an_answer"> {
  const mode = answerModeOf(question);
  const trimmed = text.trim();
  if (mode === undefined || mode === "code" || trimmed === "") return err("not_an_answer");
  if (mode === "text") return ok({ type: "text", text: trimmed });
  if (mode === "truefalse") {
    const word = trimmed.toLowerCase();
    if (["true", "t", "yes", "y", "a", "1"].includes(word)) return ok({ type: "truefalse", value: true });
    if (["false", "f", "no", "n", "b", "2"].includes(word)) return ok({ type: "truefalse", value: false });
    return err("not_an_answer");
  }
  const count = optionLabels(question).length;
  const positions: number[] = [];
  for (const token of trimmed.split(/[\s,;]+/).filter(Boolean)) {
    const position = positionOf(token, count);
    if (position === undefined) return err("not_an_answer");
    if (!positions.includes(position)) positions.push(position);
  }
  const indices = positions.map((position) => shownOrder[position] ?? position);
  if (mode === "choice") {
    const [index] = indices;
    return indices.length === 1 && index !== undefined ? ok({ type: "choice", index }) : err("not_an_answer");
  }
  return indices.length > 0 ? ok({ type: "multi", indices }) : err("not_an_answer");
}

function positionOf(token: string, count: number): number | undefined {
  const upper = token.toUpperCase();
  if (/^[A-Z]$/.test(upper)) {
    const position = upper.charCodeAt(0) - 65;
    return position < count ? position : undefined;
  }
  if (/^\d+$/.test(token)) {
    const position = Number(token) - 1;
    return position >= 0 && position < count ? position : undefined;
  }
  return undefined;
}
