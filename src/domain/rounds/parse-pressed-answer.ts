import type { AnswerResponse, Question } from "../questions/question.js";
import { err, ok, type Result } from "../result.js";
import { optionKey, optionLabels } from "./answer-mode.js";

/**
 * What a pressed answer control carried once its action id was parsed: a choice button names a pack
 * option index, the multi-select sends the shown keys (A, B, ...) the member ticked.
 */
export type AnswerPress =
  | { readonly type: "choice"; readonly index: number }
  | { readonly type: "multi"; readonly keys: readonly string[] };

/** A member's answer as the round records it, with the short text the reply repeats back. */
export interface ParsedAnswer {
  readonly response: AnswerResponse;
  readonly given: string;
}

/**
 * Turns a press into a response, as `parseTypedAnswer` does for typed text. `shownOrder[position]` is the
 * pack index of the option shown there. A press that names no option of this question (a forged or stale
 * id) is `not_an_answer`.
 */
export function parsePressedAnswer(
  question: Question,
  shownOrder: readonly number[],
  press: AnswerPress,
): Result<ParsedAnswer, "not_an_answer"> {
  if (press.type === "choice") {
    if (press.index >= optionLabels(question).length) return err("not_an_answer");
    const response: AnswerResponse =
      question.kind === "truefalse"
        ? { type: "truefalse", value: press.index === 0 }
        : { type: "choice", index: press.index };
    return ok({ response, given: optionKey(shownOrder.indexOf(press.index)) });
  }
  const keys = [...new Set(press.keys)].filter((key) => /^[A-Z]$/.test(key));
  const indices = keys
    .map((key) => shownOrder[key.charCodeAt(0) - 65])
    .filter((index) => index !== undefined);
  if (indices.length === 0 || indices.length !== keys.length) return err("not_an_answer");
  return ok({ response: { type: "multi", indices }, given: keys.sort().join(", ") });
}

/** The short text a reply repeats back for a response: the shown letters, True/False, or the text. */
export function givenAnswer(response: AnswerResponse, shownOrder: readonly number[]): string {
  switch (response.type) {
    case "choice":
      return optionKey(shownOrder.indexOf(response.index));
    case "multi":
      return response.indices
        .map((index) => optionKey(shownOrder.indexOf(index)))
        .sort()
        .join(", ");
    case "truefalse":
      return response.value ? "True" : "False";
    case "text":
      return response.text.slice(0, 100);
    case "code":
      return "code";
  }
}
