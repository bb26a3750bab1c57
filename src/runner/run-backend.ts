import type { RunBackendName, RunLimits, RunRequest, RunResult } from "../domain/ports/code-runner.js";

/**
 * One way of running a checked request (bwrap, pyodide, off). The queue in front of it has already
 * refused what should not run; `signal` fires when the request is cancelled or the runner closes.
 */
export interface RunBackend {
  readonly name: RunBackendName;
  /** `limits` replaces the backend's own for this run (an exploration's longer wall limit). */
  execute(request: RunRequest, signal: AbortSignal, limits?: RunLimits): Promise<RunResult>;
  /** Resolves once warm sandboxes or interpreters are ready (benchmarks and tests measure warm runs). */
  warmedUp(): Promise<void>;
  /** Kills whatever runs or waits warm; resolves when nothing is left. */
  close(): Promise<void>;
}
