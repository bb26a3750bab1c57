import type { RunResult } from "../../domain/ports/code-runner.js";
import type {
  RunSummary,
  SnippetComparisonView,
  SnippetDeterminismView,
  SnippetOutput,
  SnippetRefusal,
  SnippetRunView,
} from "../../domain/ports/views/snippets.js";
import { usesConcurrency } from "../explore/uses-concurrency.js";
import type { Determinism } from "../snippets/check-determinism.js";
import type { InterpreterOutcome } from "../snippets/compare-interpreters.js";
import { cutText } from "../snippets/cut-text.js";
import { defaultInlineOutput, inlineOutput } from "../snippets/inline-output.js";
import { compareAction, determinismAction, exploreAction, runAgainAction } from "./run-actions.js";

/** Why a run never happened, for the member; undefined when it did run (whatever its ending). */
export function runRefusal(result: RunResult): SnippetRefusal | undefined {
  if (result.status !== "rejected" && result.status !== "unavailable") return undefined;
  const reason = result.reason;
  switch (reason?.code) {
    case "code_too_large":
      return { code: "code_too_large", limitBytes: reason.limitBytes };
    case "input_too_large":
      return { code: "input_too_large", limitBytes: reason.limitBytes };
    case "queue_full":
      return { code: "queue_full", ahead: reason.ahead };
    case "already_queued":
      return { code: "already_queued" };
    case "needs_native_runner":
      return { code: "needs_native_runner", feature: reason.feature };
    case "runner_off":
      return { code: "runner_off" };
    case "runner_unreachable":
      return { code: "runner_busy" };
    case "unknown_interpreter":
      return { code: "unknown_interpreter", name: reason.name, offered: [] };
    default:
      // Cancelled at shutdown, a sandbox that failed to start, bad files: not the member's doing.
      return { code: "unavailable" };
  }
}

export function runSummary(result: RunResult): RunSummary {
  return {
    status: result.status,
    exitCode: result.exitCode,
    signal: result.signal,
    wallMs: Math.round(result.wallMs),
    backend: result.backend,
    ...(result.interpreter !== undefined ? { interpreter: result.interpreter } : {}),
  };
}

export interface RunViewInput {
  readonly runId: number;
  readonly authorName: string;
  readonly requestedBy: string;
  readonly rerun: boolean;
  readonly code: string;
  readonly result: RunResult;
  /** Offer "Compare interpreters" (the runner has more than one). */
  readonly comparable?: boolean;
}

/**
 * A run for the channel. What it echoes (code, output, names) the platforms neutralise as they present
 * it, so a snippet that prints "@everyone" or a closing fence cannot ping the channel or break out of its
 * code block.
 */
export function snippetRunView(input: RunViewInput): SnippetRunView {
  const { result } = input;
  const { stdout, stderr } = result;
  const shownOut = output(stdout, result.stdoutTruncated);
  const shownErr = output(stderr, result.stderrTruncated);
  const longer = shownOut.shortened || shownErr.shortened;
  return {
    kind: "snippet_run",
    runId: input.runId,
    authorName: input.authorName,
    requestedBy: input.requestedBy,
    rerun: input.rerun,
    code: input.code,
    ...runSummary(result),
    stdout: shownOut,
    stderr: shownErr,
    ...(longer ? { fullOutput: stderr === "" ? stdout : `${stdout}\n--- stderr ---\n${stderr}` } : {}),
    ...(result.files?.length ? { files: result.files } : {}),
    ...(result.filesLeftOut?.length
      ? {
          filesLeftOut: result.filesLeftOut.map((file) => ({
            name: file.name,
            reason: file.reason,
          })),
        }
      : {}),
    againActionId: runAgainAction(input.runId),
    determinismActionId: determinismAction(input.runId),
    ...(input.comparable ? { compareActionId: compareAction(input.runId) } : {}),
    ...exploreButton(input.runId, input.code),
  };
}

function exploreButton(runId: number, code: string): { exploreActionId?: string } {
  return usesConcurrency(code) ? { exploreActionId: exploreAction(runId) } : {};
}

export function determinismView(input: {
  readonly runId: number;
  readonly authorName: string;
  readonly requestedBy: string;
  readonly code: string;
  readonly determinism: Determinism;
}): SnippetDeterminismView {
  const { determinism } = input;
  const difference = determinism.firstDifference;
  return {
    kind: "snippet_determinism",
    runId: input.runId,
    authorName: input.authorName,
    requestedBy: input.requestedBy,
    runs: determinism.runs.map(runSummary),
    differed: determinism.differed,
    differingRuns: determinism.differingRuns,
    firstDifference: difference
      ? {
          ...difference,
          first: difference.first === null ? null : shortLine(difference.first),
          other: difference.other === null ? null : shortLine(difference.other),
        }
      : null,
    againActionId: runAgainAction(input.runId),
    determinismActionId: determinismAction(input.runId),
    ...exploreButton(input.runId, input.code),
  };
}

function output(text: string, capped: boolean): SnippetOutput {
  const inline = inlineOutput(text, defaultInlineOutput);
  return { lines: inline.lines, totalLines: inline.totalLines, shortened: inline.truncated, capped };
}

/** One differing line is shown twice; a 200-character cut keeps the message readable. */
function shortLine(line: string): string {
  return line.length > 200 ? `${cutText(line, 200)}…` : line;
}

/** A snippet on every interpreter, for the channel; the reference (first) run's output is shown once. */
export function comparisonView(input: {
  readonly runId: number;
  readonly authorName: string;
  readonly requestedBy: string;
  readonly outcomes: readonly InterpreterOutcome[];
}): SnippetComparisonView {
  const reference = input.outcomes[0]?.result;
  return {
    kind: "snippet_comparison",
    runId: input.runId,
    authorName: input.authorName,
    requestedBy: input.requestedBy,
    rows: input.outcomes.map((outcome) => {
      const refusal = runRefusal(outcome.result);
      const difference = outcome.firstDifference;
      return {
        name: outcome.interpreter.name,
        version: outcome.interpreter.version,
        freeThreaded: outcome.interpreter.freeThreaded,
        wasm: outcome.interpreter.backend === "pyodide",
        run: runSummary(outcome.result),
        cpuMs: outcome.result.cpuMs ?? null,
        ...(refusal ? { refusal } : {}),
        same: outcome.sameOutput,
        firstDifference: difference
          ? {
              stream: difference.stream,
              line: difference.line,
              reference: difference.first === null ? null : shortLine(difference.first),
              other: difference.other === null ? null : shortLine(difference.other),
            }
          : null,
      };
    }),
    output: output(reference?.stdout ?? "", reference?.stdoutTruncated ?? false),
    againActionId: runAgainAction(input.runId),
    determinismActionId: determinismAction(input.runId),
    compareActionId: compareAction(input.runId),
  };
}
