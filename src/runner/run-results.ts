import { constants } from "node:os";
import type { RunBackendName, RunRefusal, RunResult, RunStatus } from "../domain/ports/code-runner.js";

/** A result for a run that never started (or was stopped from outside): no output, no exit code. */
export function refusedRun(
  backend: RunBackendName,
  status: Extract<RunStatus, "rejected" | "unavailable">,
  reason: RunRefusal,
  wallMs = 0,
): RunResult {
  return {
    status,
    exitCode: null,
    signal: null,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    wallMs,
    backend,
    reason,
  };
}

const signalNames = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

/** `SIGKILL` for 9; undefined for numbers that are no signal. */
export function signalName(signal: number): string | undefined {
  return signalNames.get(signal);
}

/** Why the runner itself stopped a sandbox, if it did. */
export type StopCause = "timeout" | "output_limit" | "memory" | "cancelled";

export interface Ending {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stopCause: StopCause | null;
  readonly stderr: string;
}

/**
 * The status of a finished run. The runner's own reasons for stopping come first; a CPU limit
 * (`SIGXCPU`, or `SIGKILL` at the hard limit is indistinguishable from ours) counts as a timeout,
 * and a `MemoryError` the program did not catch counts as memory whatever else went wrong.
 */
export function statusOf(ending: Ending): RunStatus {
  if (ending.stopCause === "timeout") return "timeout";
  if (ending.stopCause === "output_limit") return "output_limit";
  if (ending.stopCause === "memory") return "memory";
  if (ending.stopCause === "cancelled") return "rejected";
  if (ending.signal === "SIGXCPU") return "timeout";
  if (ending.exitCode !== 0 && endsWithMemoryError(ending.stderr)) return "memory";
  if (ending.signal !== null) return "signal";
  return ending.exitCode === 0 ? "ok" : "error";
}

function endsWithMemoryError(stderr: string): boolean {
  // The last line of a traceback names the exception; a MemoryError in a child process counts too.
  return /^MemoryError\b/m.test(stderr);
}
