import { type Decision, formatSchedule, parseSchedule } from "../../domain/explore/exploration.js";

/**
 * Action and form ids of snippet runs. Like every id from the outside world they are parsed strictly,
 * and the run they name is checked against the channel before it is believed (see code-review-feature).
 *
 *   run:again:<runId>              "Run again" under a result
 *   run:det:<runId>                "Check determinism" under a result
 *   run:cmp:<runId>                "Compare interpreters" under a result
 *   run:tcmp:<runId>               "Compare interpreters" under a /timeit result: the timing on each
 *   run:explore:<runId>            "Explore interleavings" under a result that uses threads or asyncio
 *   run:cards:<runId>              "Add to my reviews" under a result whose review found something
 *   run:replay:<runId>:<schedule>  "Replay" under an exploration: `step.choice` pairs joined by `_`
 *   form run                       the code form `/run` opens when it is sent without code, field "code"
 *   form run:<name>                the same, for `/run python:<name>`: the interpreter's name (letters, digits, . _ -)
 *   form explore                   the same for `/explore`
 */
export type RunAction =
  | {
      readonly type: "again" | "determinism" | "compare" | "timeit_compare" | "explore" | "cards";
      readonly runId: number;
    }
  | { readonly type: "replay"; readonly runId: number; readonly schedule: Decision[] };

export const runAgainAction = (runId: number) => `run:again:${runId}`;
export const determinismAction = (runId: number) => `run:det:${runId}`;
export const compareAction = (runId: number) => `run:cmp:${runId}`;
export const timeitCompareAction = (runId: number) => `run:tcmp:${runId}`;
export const exploreAction = (runId: number) => `run:explore:${runId}`;
export const cardsAction = (runId: number) => `run:cards:${runId}`;
export const runFormId = "run";
export const exploreFormId = "explore";

/** Discord's custom_id holds 100 characters; a longer schedule gets no Replay button. */
const maxActionIdLength = 100;

export function replayAction(runId: number, schedule: readonly Decision[]): string | undefined {
  const text = formatSchedule(schedule).replaceAll(":", ".").replaceAll(",", "_");
  const id = `run:replay:${runId}:${text}`;
  return id.length <= maxActionIdLength ? id : undefined;
}

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
  const [prefix, verb, idText, scheduleText] = parts;
  if (prefix !== "run" || idText === undefined || !/^\d{1,12}$/.test(idText)) return undefined;
  const runId = Number(idText);
  if (runId < 1) return undefined;
  if (verb === "replay" && parts.length === 4 && scheduleText !== undefined) {
    if (!/^[\d._]{0,90}$/.test(scheduleText)) return undefined;
    const schedule = parseSchedule(scheduleText.replaceAll(".", ":").replaceAll("_", ","));
    return schedule ? { type: "replay", runId, schedule } : undefined;
  }
  if (parts.length !== 3) return undefined;
  if (verb === "again") return { type: "again", runId };
  if (verb === "det") return { type: "determinism", runId };
  if (verb === "cmp") return { type: "compare", runId };
  if (verb === "tcmp") return { type: "timeit_compare", runId };
  if (verb === "explore") return { type: "explore", runId };
  if (verb === "cards") return { type: "cards", runId };
  return undefined;
}
