import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { LeftOutFile, RunLimits, RunRequest, RunResult } from "../../domain/ports/code-runner.js";
import { CappedOutput } from "../capped-output.js";
import { type ReportedFile, returnedFiles } from "../output-files.js";
import { type StopCause, statusOf } from "../run-results.js";
import { pyodideRunnerSource } from "./pyodide-runner-python.js";
import { pyodideWorkerSource } from "./pyodide-worker-source.js";

type NativeFeature = "threads" | "processes" | "subprocess";

type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "failed"; readonly detail: string }
  | { readonly type: "output"; readonly stream: 1 | 2; readonly chunk: Uint8Array }
  | {
      readonly type: "done";
      readonly exitCode: number | null;
      readonly feature: NativeFeature | null;
      readonly refused: boolean;
      /** The files of ./output as the worker read them, not yet believed (see `returnedFiles`). */
      readonly files?: readonly ReportedFile[];
      readonly leftOut?: readonly LeftOutFile[];
    };

/** How long a program may take to notice Ctrl-C (the interrupt) before its worker is terminated. */
const interruptGraceMs = 1_000;

const pyodideEntry = createRequire(import.meta.url).resolve("pyodide");

/**
 * One worker thread with a loaded Pyodide (seconds to start, so it is kept and reused between runs;
 * the Python side resets the interpreter before each). A run that had to be stopped or crashed leaves
 * the worker unhealthy, and the owner replaces it.
 */
export class PyodideWorker {
  readonly ready: Promise<{ readonly detail: string } | null>;
  readonly #worker: Worker;
  readonly #interrupt = new Int32Array(new SharedArrayBuffer(4));
  #healthy = true;
  #loaded = false;
  #runs = 0;
  #listener: ((message: WorkerMessage) => void) | undefined;
  #crash: ((detail: string, outOfMemory: boolean) => void) | undefined;

  constructor(limits: RunLimits, startupTimeoutMs = 120_000) {
    this.#worker = new Worker(pyodideWorkerSource, {
      eval: true,
      env: {},
      workerData: {
        pyodidePath: pyodideEntry,
        indexURL: `${path.dirname(pyodideEntry)}/`,
        memoryBytes: limits.memoryBytes,
        outputBytes: limits.outputBytes,
        interruptBuffer: this.#interrupt.buffer,
        runnerSource: pyodideRunnerSource,
      },
      resourceLimits: { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 48, stackSizeMb: 8 },
    });
    this.#worker.on("message", (message: WorkerMessage) => this.#listener?.(message));
    this.#worker.on("error", (error: Error & { code?: string }) => {
      this.#healthy = false;
      this.#crash?.(error.message, error.code === "ERR_WORKER_OUT_OF_MEMORY");
    });
    this.#worker.on("exit", () => {
      this.#healthy = false;
      this.#crash?.("the interpreter stopped", false);
    });
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => this.#fail(resolve, "Pyodide did not load in time"), startupTimeoutMs);
      timer.unref();
      this.#crash = (detail) => this.#fail(resolve, detail);
      this.#listener = (message) => {
        clearTimeout(timer);
        if (message.type === "ready") {
          this.#loaded = true;
          resolve(null);
        } else if (message.type === "failed") this.#fail(resolve, message.detail);
      };
    });
  }

  /** Still fit for another run. */
  get healthy(): boolean {
    return this.#healthy;
  }

  /** Loaded and fit: a run can start at once. */
  get idleReady(): boolean {
    return this.#loaded && this.#healthy;
  }

  get runs(): number {
    return this.#runs;
  }

  /** Runs one program; resolves when it has ended or been stopped, never rejects. */
  run(request: RunRequest, limits: RunLimits, signal: AbortSignal): Promise<RunResult> {
    this.#runs += 1;
    const stdout = new CappedOutput(limits.outputBytes);
    const stderr = new CappedOutput(limits.outputBytes);
    const startedAt = performance.now();
    let stopCause: StopCause | null = null;
    let grace: NodeJS.Timeout | undefined;
    const stop = (cause: StopCause) => {
      if (stopCause !== null) return;
      stopCause = cause;
      Atomics.store(this.#interrupt, 0, 15); // SIGTERM: the runner stops the program at the next bytecode
      grace = setTimeout(() => void this.terminate(), interruptGraceMs);
    };
    return new Promise<RunResult>((resolve) => {
      const timer = setTimeout(() => stop("timeout"), limits.wallMs);
      const onAbort = () => stop("cancelled");
      signal.addEventListener("abort", onAbort, { once: true });
      const finish = (
        result: Omit<RunResult, "stdout" | "stderr" | "stdoutTruncated" | "stderrTruncated">,
      ) => {
        clearTimeout(timer);
        clearTimeout(grace);
        signal.removeEventListener("abort", onAbort);
        this.#listener = undefined;
        this.#crash = undefined;
        resolve({
          ...result,
          // Pyodide's heap is one WebAssembly memory with its own ceiling, shared by nothing else.
          ...(result.status === "rejected" ? {} : { memoryGuard: "wasm" as const }),
          stdout: stdout.text(),
          stderr: stderr.text(),
          stdoutTruncated: stdout.truncated,
          stderrTruncated: stderr.truncated,
        });
      };
      const wallMs = () => Math.round(performance.now() - startedAt);
      this.#crash = (_detail, outOfMemory) => {
        const status =
          stopCause !== null ? statusOf({ exitCode: null, signal: null, stopCause, stderr: "" }) : null;
        finish({
          status: status ?? (outOfMemory ? "memory" : "error"),
          exitCode: null,
          signal: stopCause === null ? null : "SIGKILL",
          wallMs: wallMs(),
          backend: "pyodide",
          ...(stopCause === "cancelled" ? { reason: { code: "cancelled" } as const } : {}),
        });
      };
      this.#listener = (message) => {
        if (message.type === "output") {
          const output = message.stream === 1 ? stdout : stderr;
          if (output.push(Buffer.from(message.chunk))) stop("output_limit");
        } else if (message.type === "failed") {
          this.#healthy = false;
          this.#crash?.(message.detail, false);
        } else if (message.type === "done") {
          finish(doneResult(message, stopCause, stderr, wallMs()));
        }
      };
      if (signal.aborted) onAbort();
      this.#worker.postMessage({
        type: "run",
        code: request.code,
        files: request.files ?? {},
        stdin: request.stdin ?? "",
      });
    });
  }

  async terminate(): Promise<void> {
    this.#healthy = false;
    await this.#worker.terminate();
  }

  #fail(resolve: (failure: { detail: string }) => void, detail: string): void {
    this.#healthy = false;
    void this.#worker.terminate();
    resolve({ detail });
  }
}

function doneResult(
  message: Extract<WorkerMessage, { type: "done" }>,
  stopCause: StopCause | null,
  stderr: CappedOutput,
  wallMs: number,
): Omit<RunResult, "stdout" | "stderr" | "stdoutTruncated" | "stderrTruncated"> {
  if (message.refused && message.feature) {
    const reason = { code: "needs_native_runner", feature: message.feature } as const;
    return { status: "rejected", exitCode: null, signal: null, wallMs, backend: "pyodide", reason };
  }
  if (stopCause === null && message.feature) {
    return {
      status: "unavailable",
      exitCode: message.exitCode,
      signal: null,
      wallMs,
      backend: "pyodide",
      reason: { code: "needs_native_runner", feature: message.feature },
    };
  }
  const status = statusOf({ exitCode: message.exitCode, signal: null, stopCause, stderr: stderr.text() });
  return {
    status,
    exitCode: stopCause === null ? message.exitCode : null,
    signal: null,
    wallMs,
    backend: "pyodide",
    ...(stopCause === "cancelled" ? { reason: { code: "cancelled" } as const } : {}),
    ...returnedFiles(message.files ?? [], message.leftOut ?? []),
  };
}
