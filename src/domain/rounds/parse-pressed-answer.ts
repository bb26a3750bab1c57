import type { AnswerText } from "../questions/answer-text.js";
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

/** A member's answer as the round records it, with what the reply repeats back. */
export interface ParsedAnswer {
  readonly response: AnswerResponse;
  readonly given: AnswerText;
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
    return ok({ response, given: { type: "keys", keys: [optionKey(shownOrder.indexOf(press.index))] } });
  }
  const keys = [...new Set(press.keys)].filter((key) => /^[A-Z]$/.test(key));
  const indices = keys
    .map((key) => shownOrder[key.charCodeAt(0) - 65])
    .filter((index) => index !== undefined);
  if (indices.length === 0 || indices.length !== keys.length) return err("not_an_answer");
  return ok({ response: { type: "multi", indices }, given: { type: "keys", keys: keys.sort() } });
}

/** What a reply repeats back for a response: the shown letters, the truth value, the text (cut to 100). */
export function givenAnswer(response: AnswerResponse, shownOrder: readonly number[]): AnswerText {
  switch (response.type) {
    case "choice":
      return { type: "keys", keys: [optionKey(shownOrder.indexOf(response.index))] };
    case "multi":
      return {
        type: "keys",
        keys: response.indices.map((index) => optionKey(shownOrder.indexOf(index))).sort(),
      };
    case "truefalse":
      return { type: "truth", value: response.value };
    case "text":
      return { type: "text", text: response.text.slice(0, 100) };
    case "code":
      return { type: "code" };
  }
}
