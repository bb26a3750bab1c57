import type { RunResult } from "../../domain/ports/code-runner.js";
import type {
  InterpreterTimingRow,
  SnippetTimingComparisonView,
  TimingOutcome,
} from "../../domain/ports/views/snippets.js";
import type { InterpreterOutcome } from "../snippets/compare-interpreters.js";
import { secondsPerLoop, timeitOutcome } from "../snippets/timeit-program.js";
import { runRefusal } from "./run-views.js";

/** A timing's result as a view shows it: the report, how far it got, or the last line of what went wrong. */
export function timingOutcome(result: RunResult): TimingOutcome {
  const outcome = timeitOutcome(result);
  if (outcome.kind === "timed") return { kind: "timed", report: outcome.report };
  if (outcome.kind === "unfinished") return { ...outcome, wallMs: result.wallMs };
  const refusal = runRefusal(result);
  if (refusal?.code === "needs_native_runner") {
    return { kind: "failed", error: `not run: no ${refusal.feature} in Pyodide` };
  }
  const lastLine = result.stderr.trimEnd().split("\n").at(-1) ?? "";
  return { kind: "failed", error: lastLine === "" ? result.status : lastLine.slice(0, 300) };
}

/** One statement timed on every interpreter, ranked against the fastest. */
export function timingComparisonView(input: {
  readonly authorName: string;
  readonly requestedBy: string;
  readonly statement: string;
  readonly setup: string;
  readonly outcomes: readonly InterpreterOutcome[];
  readonly compareActionId: string;
}): SnippetTimingComparisonView {
  const timed = input.outcomes.map((outcome) => {
    const shown = timingOutcome(outcome.result);
    return { outcome, shown, seconds: shown.kind === "timed" ? secondsPerLoop(shown.report) : undefined };
  });
  const fastest = Math.min(...timed.flatMap((row) => (row.seconds === undefined ? [] : [row.seconds])));
  const rows: InterpreterTimingRow[] = timed.map(({ outcome, shown, seconds }) => ({
    name: outcome.interpreter.name,
    version: outcome.interpreter.version,
    freeThreaded: outcome.interpreter.freeThreaded,
    wasm: outcome.interpreter.backend === "pyodide",
    outcome: shown,
    secondsPerLoop: seconds ?? null,
    relative: seconds === undefined || !(fastest > 0) ? null : Math.round((seconds / fastest) * 100) / 100,
  }));
  return {
    kind: "snippet_timing_comparison",
    authorName: input.authorName,
    requestedBy: input.requestedBy,
    statement: input.statement,
    setup: input.setup.trim() === "" || input.setup.trim() === "pass" ? null : input.setup,
    rows,
    compareActionId: input.compareActionId,
  };
}
