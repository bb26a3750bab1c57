import type { Environment } from "../config.js";
import type { CodeRunner, RunBackendName, RunLimits } from "../domain/ports/code-runner.js";
import type { Logger } from "../logger.js";
import { BwrapBackend } from "./bwrap/bwrap-backend.js";
import { detectLayout } from "./bwrap/sandbox-layout.js";
import { runnerLimitsFrom } from "./limits.js";
import { OffCodeRunner } from "./off-code-runner.js";
import { PyodideBackend } from "./pyodide/pyodide-backend.js";
import { defaultExploreLane, type ExploreLaneOptions, QueuedCodeRunner } from "./queued-code-runner.js";

export interface CodeRunnerOptions {
  /** `auto`: bwrap when a probe run works on this host, else Pyodide. */
  readonly backend: "auto" | RunBackendName;
  /** The interpreter for bwrap (RUNNER_PYTHON); resolved to its real path when the runner starts. */
  readonly python: string;
  readonly concurrency: number;
  readonly queueSize: number;
  readonly warmPool: number;
  readonly limits: RunLimits;
  /** The exploration lane (RUNNER_EXPLORE_*); defaults to one at a time with a 15 s wall limit. */
  readonly explore?: ExploreLaneOptions;
  /** Size of each private tmpfs in a bwrap sandbox (working directory, /tmp, /dev/shm). */
  readonly scratchBytes?: number;
  /** A word in every bwrap sandbox's command line, to find leftovers with `pgrep -f` (default `quizbot-sandbox`). */
  readonly sandboxMarker?: string;
}

/** A `CodeRunner` that can also say when its warm sandboxes are ready. */
export type StartedCodeRunner = CodeRunner & { warmedUp(): Promise<void> };

const defaultScratchBytes = 16 * 1024 * 1024;

/** The runner options from the RUNNER_* variables. */
export function codeRunnerOptionsFrom(env: Environment): CodeRunnerOptions {
  return {
    backend: env.RUNNER_BACKEND,
    python: env.RUNNER_PYTHON,
    concurrency: env.RUNNER_CONCURRENCY,
    queueSize: env.RUNNER_QUEUE_SIZE,
    warmPool: env.RUNNER_WARM_POOL,
    limits: runnerLimitsFrom(env),
    explore: {
      concurrency: env.RUNNER_EXPLORE_CONCURRENCY,
      queueSize: defaultExploreLane.queueSize,
      wallMs: env.RUNNER_EXPLORE_SECONDS * 1000,
    },
  };
}

/**
 * Starts the configured backend. `bwrap` fails loudly when bubblewrap cannot run here (the operator
 * asked for it); `auto` falls back to Pyodide and logs why.
 */
export async function createCodeRunner(
  options: CodeRunnerOptions,
  logger?: Logger,
): Promise<StartedCodeRunner> {
  if (options.backend === "off") return new OffCodeRunner();
  const queue = {
    concurrency: options.concurrency,
    queueSize: options.queueSize,
    ...(options.explore ? { explore: options.explore } : {}),
  };
  if (options.backend === "bwrap" || options.backend === "auto") {
    try {
      const backend = await startBwrap(options, logger);
      logger?.info({ backend: "bwrap", warmPool: options.warmPool }, "code runner ready");
      return new QueuedCodeRunner(backend, options.limits, queue);
    } catch (error) {
      if (options.backend === "bwrap") throw error;
      logger?.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        "bubblewrap sandbox unavailable; running snippets in Pyodide (no threads or processes)",
      );
    }
  }
  const backend = new PyodideBackend({
    limits: options.limits,
    slots: options.concurrency,
    ...(logger ? { logger } : {}),
  });
  logger?.info(
    { backend: "pyodide", slots: options.concurrency },
    "code runner ready (each slot loads Pyodide on its first run)",
  );
  return new QueuedCodeRunner(backend, options.limits, queue);
}

/** Finds bwrap and the interpreter, then proves the sandbox works with one run before taking requests. */
async function startBwrap(options: CodeRunnerOptions, logger?: Logger): Promise<BwrapBackend> {
  const layout = await detectLayout({
    python: options.python,
    scratchBytes: options.scratchBytes ?? defaultScratchBytes,
    ...(options.sandboxMarker !== undefined ? { marker: options.sandboxMarker } : {}),
  });
  const backend = await BwrapBackend.start({
    layout,
    limits: options.limits,
    warmPool: options.warmPool,
    ...(logger ? { logger } : {}),
  });
  const result = await backend.execute({ code: "print('sandbox ok')" }, new AbortController().signal);
  if (result.status !== "ok" || result.stdout !== "sandbox ok\n") {
    await backend.close();
    throw new Error(`probe run ended with ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return backend;
}
