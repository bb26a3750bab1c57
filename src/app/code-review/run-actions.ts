/**
 * Action and form ids of snippet runs. Like every id from the outside world they are parsed strictly,
 * and the run they name is checked against the channel before it is believed (see code-review-feature).
 *
 *   run:again:<runId>   "Run again" under a result
 *   run:det:<runId>     "Check determinism" under a result
 *   form run            the code form `/run` opens when it is sent without code, field "code"
 */
export type RunAction = { readonly type: "again" | "determinism"; readonly runId: number };

export const runAgainAction = (runId: number) => `run:again:${runId}`;
export const determinismAction = (runId: number) => `run:det:${runId}`;
export const runFormId = "run";

export function parseRunAction(parts: readonly string[]): RunAction | undefined {
  const [prefix, verb, idText] = parts;
  if (parts.length !== 3 || prefix !== "run" || idText === undefined || !/^\d{1,12}$/.test(idText)) {
    return undefined;
  }
  const runId = Number(idText);
  if (runId < 1) return undefined;
  if (verb === "again") return { type: "again", runId };
  if (verb === "det") return { type: "determinism", runId };
  return undefined;
}
