/**
 * Action ids on round buttons and forms. They are data from the outside world: every part is parsed
 * strictly and checked against the database before it is believed (a forged or stale id gets a notice).
 *
 *   q:a:<roundQuestionId>:<packOptionIndex>   a choice or true/false button (true = 0, false = 1)
 *   q:m:<roundQuestionId>                     the multi-select control; values are the shown keys
 *   q:t:<roundQuestionId>                     "Answer" button opening the text form
 *   q:c:<roundQuestionId>                     "Submit code" button of a challenge, opening the code form
 *   form q:<roundQuestionId>                  the submitted text form, field "answer"
 *   form qc:<roundQuestionId>                 the submitted challenge code, field "code" (graded by the
 *                                             snippets feature, which owns the runner)
 */
export type RoundAction =
  | { readonly type: "choice"; readonly roundQuestionId: number; readonly index: number }
  | { readonly type: "multi"; readonly roundQuestionId: number }
  | { readonly type: "text_form"; readonly roundQuestionId: number }
  | { readonly type: "code_form"; readonly roundQuestionId: number };

export const choiceAction = (roundQuestionId: number, index: number) => `q:a:${roundQuestionId}:${index}`;
export const multiAction = (roundQuestionId: number) => `q:m:${roundQuestionId}`;
export const textFormAction = (roundQuestionId: number) => `q:t:${roundQuestionId}`;
export const textFormId = (roundQuestionId: number) => `q:${roundQuestionId}`;
export const codeFormAction = (roundQuestionId: number) => `q:c:${roundQuestionId}`;
export const codeFormId = (roundQuestionId: number) => `qc:${roundQuestionId}`;

/** The round question of a submitted challenge form `qc:<id>`. */
export function parseCodeFormId(parts: readonly string[]): number | undefined {
  return parts.length === 2 && parts[0] === "qc" ? strictId(parts[1]) : undefined;
}

export function parseRoundAction(parts: readonly string[]): RoundAction | undefined {
  const [prefix, verb, idText, indexText] = parts;
  if (prefix !== "q") return undefined;
  const roundQuestionId = strictId(idText);
  if (roundQuestionId === undefined) return undefined;
  if (verb === "a" && parts.length === 4) {
    const index = strictId(indexText, 0);
    return index === undefined ? undefined : { type: "choice", roundQuestionId, index };
  }
  if (verb === "m" && parts.length === 3) return { type: "multi", roundQuestionId };
  if (verb === "t" && parts.length === 3) return { type: "text_form", roundQuestionId };
  if (verb === "c" && parts.length === 3) return { type: "code_form", roundQuestionId };
  return undefined;
}

export function parseTextFormId(parts: readonly string[]): number | undefined {
  return parts.length === 2 && parts[0] === "q" ? strictId(parts[1]) : undefined;
}

function strictId(text: string | undefined, min = 1): number | undefined {
  if (text === undefined || !/^\d{1,12}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min ? value : undefined;
}
