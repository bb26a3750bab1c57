import type { Environment } from "../config.js";
import type {
  CodeRunner,
  InterpreterCatalog,
  InterpreterInfo,
  RunBackendName,
  RunLimits,
} from "../domain/ports/code-runner.js";
import type { RunnerMeter } from "../domain/ports/meters.js";
import type { Logger } from "../logger.js";
import { BwrapBackend } from "./bwrap/bwrap-backend.js";
import type { Interpreter } from "./bwrap/interpreter-probe.js";
import { sandboxExtras } from "./bwrap/plot-support.js";
import { detectLayout } from "./bwrap/sandbox-layout.js";
import { discoverInterpreters, type FoundInterpreter, pyodideCommand } from "./interpreter-discovery.js";
import { type InterpreterBackend, InterpreterRouter } from "./interpreter-router.js";
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
  /** A delegated cgroup v2 per sandbox where the host offers one (RUNNER_CGROUP=auto, the default). */
  readonly cgroups?: boolean;
  /** Fork each run's bwrap sandbox from a zygote where one works (RUNNER_ZYGOTE=auto, the default). */
  readonly zygote?: boolean;
  readonly limits: RunLimits;
  /** The exploration lane (RUNNER_EXPLORE_*); defaults to one at a time with a 15 s wall limit. */
  readonly explore?: ExploreLaneOptions;
  /** The interpreters to offer (see `discoverInterpreters`), the default first; only `python` when absent. */
  readonly interpreters?: readonly FoundInterpreter[];
  /** Size of each private tmpfs in a bwrap sandbox (working directory, /tmp, /dev/shm). */
  readonly scratchBytes?: number;
  /** A word in every bwrap sandbox's command line, to find leftovers with `pgrep -f` (default `quizbot-sandbox`). */
  readonly sandboxMarker?: string;
  /** Told the queues' depth and waits and every sandbox started, for the metrics. */
  readonly meter?: RunnerMeter;
}

/** A `CodeRunner` that lists its interpreters and can say when its warm sandboxes are ready. */
export type StartedCodeRunner = CodeRunner & InterpreterCatalog & { warmedUp(): Promise<void> };

const defaultScratchBytes = 16 * 1024 * 1024;

/** The runner options from the RUNNER_* variables (interpreters come from `interpretersFrom`). */
export function codeRunnerOptionsFrom(env: Environment): CodeRunnerOptions {
  return {
    backend: env.RUNNER_BACKEND,
    python: env.RUNNER_PYTHON,
    concurrency: env.RUNNER_CONCURRENCY,
    queueSize: env.RUNNER_QUEUE_SIZE,
    warmPool: env.RUNNER_WARM_POOL,
    cgroups: env.RUNNER_CGROUP === "auto",
    zygote: env.RUNNER_ZYGOTE === "auto",
    limits: runnerLimitsFrom(env),
    explore: {
      concurrency: env.RUNNER_EXPLORE_CONCURRENCY,
      queueSize: defaultExploreLane.queueSize,
      wallMs: env.RUNNER_EXPLORE_SECONDS * 1000,
    },
  };
}

/**
 * Starts the configured backend. `bwrap` fails loudly when bubblewrap cannot run the default
 * interpreter here (the operator asked for it); `auto` falls back to Pyodide and logs why. Every
 * other interpreter is proved with one run at start and left out, with a warning, if that fails.
 */
export async function createCodeRunner(
  options: CodeRunnerOptions,
  logger?: Logger,
): Promise<StartedCodeRunner> {
  if (options.backend === "off") return new OffCodeRunner();
  if (options.backend === "bwrap" || options.backend === "auto") {
    try {
      const choices = options.interpreters ?? (await onlyInterpreter(options.python));
      const entries = await startInterpreters(choices, options, logger);
      const router = new InterpreterRouter(entries);
      const guard = memoryGuardOf(entries);
      logger?.info(
        {
          backend: "bwrap",
          warmPool: options.warmPool,
          interpreters: router.interpreters().map((i) => i.name),
          ...guard,
        },
        "code runner ready",
      );
      return new QueuedCodeRunner(router, options.limits, queueOf(options), router.interpreters());
    } catch (error) {
      if (options.backend === "bwrap") throw error;
      logger?.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        "bubblewrap sandbox unavailable; running snippets in Pyodide (no threads or processes)",
      );
    }
  }
  const [pyodide] = (await discoverInterpreters({ python: pyodideCommand, list: [] })).found;
  const info: InterpreterInfo = {
    name: pyodideCommand,
    version: pyodide?.version ?? "unknown",
    backend: "pyodide",
    freeThreaded: false,
  };
  const router = new InterpreterRouter([
    { info, backend: pyodideBackend(options, options.concurrency, logger) },
  ]);
  logger?.info(
    { backend: "pyodide", slots: options.concurrency },
    "code runner ready (each slot loads Pyodide on its first run)",
  );
  return new QueuedCodeRunner(router, options.limits, queueOf(options), router.interpreters());
}

/** Which mechanism holds a sandbox's total memory, and the cgroup's directory or why there is none. */
function memoryGuardOf(entries: readonly InterpreterBackend[]): {
  memoryGuard?: string;
  memoryGuardNote?: string;
} {
  const bwrap = entries
    .map((entry) => entry.backend)
    .find((backend): backend is BwrapBackend => backend instanceof BwrapBackend);
  return bwrap ? { memoryGuard: bwrap.memoryGuard, memoryGuardNote: bwrap.memoryGuardNote } : {};
}

function queueOf(options: CodeRunnerOptions) {
  return {
    concurrency: options.concurrency,
    queueSize: options.queueSize,
    ...(options.explore ? { explore: options.explore } : {}),
    ...(options.meter ? { meter: options.meter } : {}),
  };
}

async function onlyInterpreter(python: string): Promise<readonly FoundInterpreter[]> {
  const search = await discoverInterpreters({ python, list: [], pyodide: false });
  if (search.found.length === 0) throw new Error(search.skipped.join("; ") || `${python} does not run`);
  return search.found;
}

function pyodideBackend(options: CodeRunnerOptions, slots: number, logger?: Logger): PyodideBackend {
  return new PyodideBackend({
    limits: options.limits,
    slots,
    ...(logger ? { logger } : {}),
    ...(options.meter ? { meter: options.meter } : {}),
  });
}

/**
 * A backend per interpreter, started side by side: the default (the first) keeps the warm pool and
 * must start; another that fails its probe is left out. Pyodide gets one slot when it is not the default.
 */
async function startInterpreters(
  choices: readonly FoundInterpreter[],
  options: CodeRunnerOptions,
  logger?: Logger,
): Promise<InterpreterBackend[]> {
  const started = await Promise.allSettled(
    choices.map(async (choice, index): Promise<InterpreterBackend> => {
      const { python: _command, resolved, ...info } = choice;
      if (choice.backend === "pyodide") return { info, backend: pyodideBackend(options, 1, logger) };
      const warmPool = index === 0 ? options.warmPool : 0;
      // The default interpreter gets a zygote per run that may be in flight (the queue's and the
      // exploration lane's). The others, asked for by name or by Compare, start a bwrap per run, as
      // they start cold: a zygote each would hold 12 MiB or so for every interpreter the host has.
      const lanes = options.concurrency + (options.explore?.concurrency ?? defaultExploreLane.concurrency);
      const zygotes = index === 0 ? lanes : 0;
      const started = await startBwrap(
        { ...options, python: choice.python, warmPool, zygote: zygotes > 0 && options.zygote !== false },
        resolved,
        logger,
        zygotes,
      );
      return { info, backend: started };
    }),
  );
  const [first] = started;
  if (first?.status !== "fulfilled") {
    await Promise.all(
      started.map((entry) => (entry.status === "fulfilled" ? entry.value.backend.close() : null)),
    );
    throw first?.reason ?? new Error("no interpreter to run");
  }
  const entries: InterpreterBackend[] = [];
  for (const [index, entry] of started.entries()) {
    if (entry.status === "fulfilled") entries.push(entry.value);
    else
      logger?.warn(
        { interpreter: choices[index]?.name, reason: String(entry.reason) },
        "interpreter left out: its sandbox did not start",
      );
  }
  return entries;
}

/** Finds bwrap and the interpreter, then proves the sandbox works with one run before taking requests. */
async function startBwrap(
  options: CodeRunnerOptions,
  interpreter: Interpreter | undefined,
  logger?: Logger,
  zygotes = 1,
): Promise<BwrapBackend> {
  const detected = await detectLayout({
    python: options.python,
    ...(interpreter ? { interpreter } : {}),
    scratchBytes: options.scratchBytes ?? defaultScratchBytes,
    ...(options.sandboxMarker !== undefined ? { marker: options.sandboxMarker } : {}),
  });
  // Its site-packages, and plots where matplotlib is installed (the font cache is built on the first start).
  const extras = await sandboxExtras(detected.interpreter, logger ? { logger } : {});
  const layout = extras ? { ...detected, extras } : detected;
  const start = (zygote: boolean) =>
    BwrapBackend.start({
      layout,
      limits: options.limits,
      warmPool: options.warmPool,
      cgroups: options.cgroups ?? true,
      zygote,
      zygotes,
      ...(logger ? { logger } : {}),
      ...(options.meter ? { meter: options.meter } : {}),
    });
  const backend = await start(options.zygote ?? true);
  const failure = await probeRun(backend);
  if (failure === undefined) return backend;
  await backend.close();
  if (backend.sandboxStart !== "zygote") throw new Error(failure);
  // A zygote that starts but cannot make a run's namespaces on this kernel: a bwrap per run instead.
  logger?.warn({ detail: failure }, "sandbox zygote's probe run failed; each run starts its own bwrap");
  const fallback = await start(false);
  const again = await probeRun(fallback);
  if (again === undefined) return fallback;
  await fallback.close();
  throw new Error(again);
}

/** Why a first trivial run did not print what it should, or undefined when it did. */
async function probeRun(backend: BwrapBackend): Promise<string | undefined> {
  const result = await backend.execute({ code: "print('sandbox ok')" }, new AbortController().signal);
  if (result.status === "ok" && result.stdout === "sandbox ok\n") return undefined;
  return `probe run ended with ${result.status}: ${result.stderr.slice(0, 500)}`;
}
