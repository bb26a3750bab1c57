import { codeNamesIn } from "./code-names.js";
import { programOutputMatches } from "./program-output.js";
import type { AnswerResponse, Question } from "./question.js";
import { matchTextAnswer, type TextMatch } from "./text-answer.js";

/**
 * The verdict on one answer. `match` tells how a typed answer was recognised (see text-answer.ts), so
 * an adapter can say "accepted, but mind the spelling" for a `typo`. A wrong answer carries why:
 * - `wrong`: a proper answer that is not correct (including option indices that do not exist);
 * - `unexpected-response`: a reply of the wrong shape for the question, e.g. text for a choice;
 * - `needs-runner`: challenges are decided by running the member's code, not here.
 */
export type AnswerVerdict =
  | { readonly correct: true; readonly match: TextMatch }
  | { readonly correct: false; readonly reason: "wrong" | "unexpected-response" | "needs-runner" };

const RIGHT: AnswerVerdict = { correct: true, match: "exact" };
const WRONG: AnswerVerdict = { correct: false, reason: "wrong" };
const UNEXPECTED: AnswerVerdict = { correct: false, reason: "unexpected-response" };

/** Decides whether `response` answers `question`. Pure; option indices are the pack's own order. */
export function checkAnswer(question: Question, response: AnswerResponse): AnswerVerdict {
  switch (question.kind) {
    case "choice":
      return response.type === "choice" ? verdict(response.index === question.correct) : UNEXPECTED;
    case "multi":
      return response.type === "multi"
        ? verdict(sameIndices(response.indices, question.correct))
        : UNEXPECTED;
    case "truefalse":
      return response.type === "truefalse" ? verdict(response.value === question.answer) : UNEXPECTED;
    case "text": {
      if (response.type !== "text") return UNEXPECTED;
      // Only a typo allowance needs the prompt's names; an exact question skips the scan.
      const names = question.fuzzy === undefined ? undefined : codeNamesIn(question.prompt);
      const match = matchTextAnswer(response.text, question.accepted, question.fuzzy, names);
      return match === undefined ? WRONG : { correct: true, match };
    }
    case "output":
      if (question.ask === "choice") {
        return response.type === "choice" ? verdict(response.index === question.correct) : UNEXPECTED;
      }
      return response.type === "text"
        ? verdict(programOutputMatches(response.text, question.expected))
        : UNEXPECTED;
    case "challenge":
      return { correct: false, reason: "needs-runner" };
  }
}

function verdict(correct: boolean): AnswerVerdict {
  return correct ? RIGHT : WRONG;
}

/** All of the correct options and none of the others; picking one twice is still picking it once. */
function sameIndices(chosen: readonly number[], correct: readonly number[]): boolean {
  const picked = new Set(chosen);
  return picked.size === correct.length && correct.every((index) => picked.has(index));
}
