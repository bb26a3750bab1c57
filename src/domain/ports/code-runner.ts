/** The sandboxed Python runner as the rest of the bot sees it. */
export type RunBackendName = "bwrap" | "pyodide" | "off";

export type RunStatus =
  | "ok"
  | "error"
  | "timeout"
  | "memory"
  | "output_limit"
  | "signal"
  | "rejected"
  | "unavailable";

/**
 * What limits a sandbox's memory in total: `cgroup`, the kernel, through a cgroup v2 the host
 * delegated to the bot (`memory.max` on the whole sandbox); `watchdog`, the runner summing its
 * processes' resident memory every few milliseconds and killing it past the limit; `process`, only
 * each process's address space (the watchdog could not read the sandbox's /proc); `wasm`, Pyodide's
 * WebAssembly heap.
 */
export type MemoryGuard = "cgroup" | "watchdog" | "process" | "wasm";

export interface RunLimits {
  readonly wallMs: number;
  readonly cpuSeconds: number;
  readonly memoryBytes: number;
  readonly maxProcesses: number;
  readonly outputBytes: number;
  readonly codeBytes: number;
}

export interface RunRequest {
  /** The program to run as the main module. */
  readonly code: string;
  /** Extra files written beside it in the private working directory (e.g. `solution.py` for challenges). */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * The file among `files` that holds the member's code, when the program itself is not theirs (a
   * challenge's harness is the program; the member's attempt is `solution.py`). The member's code is what
   * the snippet limit (RUNNER_CODE_KB) holds; the rest comes from quiz packs and only counts as files.
   */
  readonly memberFile?: string;
  /** What `input()` and `sys.stdin` read (at most 20 KiB); none: reading gets EOFError, as at end of file. */
  readonly stdin?: string;
  /** The interpreter to run on, by name (see `InterpreterCatalog`); the runner's default when absent. */
  readonly interpreter?: string;
  /** One queued run per key at a time (a member's id). */
  readonly queueKey?: string;
  /**
   * `explore`: an interleaving exploration (many schedules of one snippet in one sandbox). It waits in a
   * queue of its own, so it never takes a plain run's place, and gets the exploration wall limit
   * (RUNNER_EXPLORE_SECONDS) instead of the run limit. Only the bwrap backend has threads to explore.
   */
  readonly lane?: "explore";
  /**
   * Tighter limits for this run than the runner's own (a runner service's client asks); never looser. Only
   * the limits a started sandbox can take per run: CPU time, each process's memory and the process count
   * are set when a sandbox starts, so they stay the runner's own.
   */
  readonly limits?: Partial<PerRunLimits>;
  readonly signal?: AbortSignal;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
  readonly wallMs: number;
  readonly backend: RunBackendName;
  /** The interpreter that ran it (absent for runs that never started). */
  readonly interpreter?: string;
  /**
   * CPU time of all the sandbox's processes together, in ms, as last seen while it ran (10 ms steps;
   * the last few ms before it ended may be missing). Absent where the backend cannot measure it.
   */
  readonly cpuMs?: number;
  /** What held the run's memory in total (absent for runs that never started). */
  readonly memoryGuard?: MemoryGuard;
  /** The most memory the sandbox was seen to hold, in bytes, where the guard measures it. */
  readonly peakMemoryBytes?: number;
  /** Why a run was rejected or unavailable, as a stable identifier plus detail for the adapter's wording. */
  readonly reason?: RunRefusal;
  /** The files the program left in `./output` (at most 8, 1 MiB in all; PNG, JPEG, SVG or text). */
  readonly files?: readonly OutputFile[];
  /** Files in `./output` that did not come back, with why. */
  readonly filesLeftOut?: readonly LeftOutFile[];
}

export type OutputFileType = "png" | "jpeg" | "svg" | "text";

/** A file a snippet wrote under `./output/`, checked to be what its name says. */
export interface OutputFile {
  readonly name: string;
  readonly type: OutputFileType;
  readonly data: Uint8Array;
}

/**
 * A file in `./output/` that did not come back: not a regular file (`kind`), past the 8 files
 * (`count`) or the 1 MiB (`size`), contents unlike its name's type or a type not returned (`type`),
 * or a name that is not a plain file name (`name`).
 */
export interface LeftOutFile {
  readonly name: string;
  readonly reason: "kind" | "count" | "size" | "type" | "name";
}

export type RunRefusal =
  | { readonly code: "code_too_large"; readonly limitBytes: number }
  /** Standard input over `maxStdinBytes` (20 KiB). */
  | { readonly code: "input_too_large"; readonly limitBytes: number }
  | { readonly code: "queue_full"; readonly ahead: number }
  | { readonly code: "already_queued" }
  | { readonly code: "cancelled" }
  /** A file name that is not a plain relative path, is reserved (`main.py`), or files too large together. */
  | { readonly code: "invalid_files"; readonly name: string; readonly problem: "name" | "size" }
  /** The sandbox itself could not start (a host problem, not the snippet's). */
  | { readonly code: "sandbox_failed" }
  | { readonly code: "needs_native_runner"; readonly feature: "threads" | "processes" | "subprocess" }
  | { readonly code: "runner_off" }
  /** No runner service (RUNNER_URL) could take the run, or the one running it stopped answering. */
  | { readonly code: "runner_unreachable" }
  | { readonly code: "unknown_interpreter"; readonly name: string };

/** The limits a run may tighten (see `RunRequest.limits`). */
export type PerRunLimits = Pick<RunLimits, "wallMs" | "memoryBytes" | "outputBytes" | "codeBytes">;

/** One interpreter a runner offers. */
export interface InterpreterInfo {
  /** What members and operators choose it by: `3.12`, `3.13t` (free-threaded), `pyodide`. */
  readonly name: string;
  /** The full version, `3.12.1`. */
  readonly version: string;
  /** `pyodide` runs no threads or processes. */
  readonly backend: Exclude<RunBackendName, "off">;
  /** Built without the GIL (`Py_GIL_DISABLED`): threads run Python in parallel. */
  readonly freeThreaded: boolean;
}

/** The interpreters a runner can run on: a role of its own, since most users of a runner never choose one. */
export interface InterpreterCatalog {
  /** Every interpreter that passed its probe at start, the default first. */
  interpreters(): readonly InterpreterInfo[];
}

export interface CodeRunner {
  readonly backend: RunBackendName;
  run(request: RunRequest): Promise<RunResult>;
  close(): Promise<void>;
}
