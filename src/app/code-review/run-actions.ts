/**
 * Action and form ids of snippet runs. Like every id from the outside world they are parsed strictly,
 * and the run they name is checked against the channel before it is believed (see code-review-feature).
 *
 *   run:again:<runId>   "Run again" under a result
 *   run:det:<runId>     "Check determinism" under a result
 *   run:cmp:<runId>     "Compare interpreters" under a result
 *   form run            the code form `/run` opens when it is sent without code, field "code"
 *   form run:<name>     the same, for `/run python:<name>`: the interpreter's name (letters, digits, . _ -)
 */
export type RunAction = { readonly type: "again" | "determinism" | "compare"; readonly runId: number };

export const runAgainAction = (runId: number) => `run:again:${runId}`;
export const determinismAction = (runId: number) => `run:det:${runId}`;
export const compareAction = (runId: number) => `run:cmp:${runId}`;
export const runFormId = "run";

/** The form id for `/run` without code, carrying the interpreter asked for, if any. */
export function runFormIdFor(interpreter: string | undefined): string {
  return interpreter === undefined ? runFormId : `${runFormId}:${interpreter}`;
}

/** The interpreter named in a run form's id; undefined for the plain form or a malformed id. */
export function interpreterOfForm(formId: string): string | undefined {
  const match = /^run:([A-Za-z0-9][A-Za-z0-9._-]{0,31})$/.exec(formId);
  return match?.[1];
}

export function parseRunAction(parts: readonly string[]): RunAction | undefined {
  const [prefix, verb, idText] = parts;
  if (parts.length !== 3 || prefix !== "run" || idText === undefined || !/^\d{1,12}$/.test(idText)) {
    return undefined;
  }
  const runId = Number(idText);
  if (runId < 1) return undefined;
  if (verb === "again") return { type: "again", runId };
  if (verb === "det") return { type: "determinism", runId };
  if (verb === "cmp") return { type: "compare", runId };
  return undefined;
}
