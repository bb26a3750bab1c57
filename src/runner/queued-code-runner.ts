import type {
  CodeRunner,
  InterpreterCatalog,
  InterpreterInfo,
  PerRunLimits,
  RunLimits,
  RunRequest,
  RunResult,
} from "../domain/ports/code-runner.js";
import type { RunLane, RunnerMeter } from "../domain/ports/meters.js";
import { checkRequest } from "./request-check.js";
import type { RunBackend } from "./run-backend.js";
import { type QueueObserver, RunQueue } from "./run-queue.js";
import { refusedRun } from "./run-results.js";

export interface QueueOptions {
  /** Runs at once (RUNNER_CONCURRENCY). */
  readonly concurrency: number;
  /** Runs waiting at most (RUNNER_QUEUE_SIZE). */
  readonly queueSize: number;
  /** The exploration lane: its own queue and wall limit (see `RunRequest.lane`). */
  readonly explore?: ExploreLaneOptions;
  /** Told each queue's depth and each run's wait, for the metrics. */
  readonly meter?: RunnerMeter;
}

export interface ExploreLaneOptions {
  /** Explorations at once, beside the plain runs (RUNNER_EXPLORE_CONCURRENCY). */
  readonly concurrency: number;
  /** Explorations waiting at most. */
  readonly queueSize: number;
  /** Wall limit of one exploration's sandbox (RUNNER_EXPLORE_SECONDS). */
  readonly wallMs: number;
}

/** One exploration at a time, four waiting, 15 s each: the budget for a whole exploration. */
export const defaultExploreLane: ExploreLaneOptions = { concurrency: 1, queueSize: 4, wallMs: 15_000 };

/** The `CodeRunner` the bot uses: checks a request, queues it, and hands it to a backend. */
export class QueuedCodeRunner implements CodeRunner, InterpreterCatalog {
  readonly #backend: RunBackend;
  readonly #limits: RunLimits;
  readonly #queue: RunQueue;
  readonly #exploreQueue: RunQueue;
  readonly #exploreLimits: RunLimits;
  readonly #interpreters: readonly InterpreterInfo[];
  #closing: Promise<void> | undefined;

  /** `interpreters`: what the backend runs, the default first; a request naming another is refused. */
  constructor(
    backend: RunBackend,
    limits: RunLimits,
    queue: QueueOptions,
    interpreters: readonly InterpreterInfo[] = [],
  ) {
    this.#backend = backend;
    this.#interpreters = interpreters;
    this.#limits = limits;
    this.#queue = new RunQueue(queue.concurrency, queue.queueSize, observerOf(queue.meter, "run"));
    const lane = queue.explore ?? defaultExploreLane;
    this.#exploreQueue = new RunQueue(lane.concurrency, lane.queueSize, observerOf(queue.meter, "explore"));
    this.#exploreLimits = { ...limits, wallMs: lane.wallMs };
  }

  get backend() {
    return this.#backend.name;
  }

  get limits(): RunLimits {
    return this.#limits;
  }

  interpreters(): readonly InterpreterInfo[] {
    return this.#interpreters;
  }

  async run(request: RunRequest): Promise<RunResult> {
    if (this.#closing) return refusedRun(this.backend, "unavailable", { code: "cancelled" });
    const wanted = request.interpreter;
    if (wanted !== undefined && !this.#interpreters.some((info) => info.name === wanted)) {
      return refusedRun(this.backend, "rejected", { code: "unknown_interpreter", name: wanted });
    }
    const exploring = request.lane === "explore";
    const limits = tightened(exploring ? this.#exploreLimits : this.#limits, request.limits);
    const refusal = checkRequest(request, limits);
    if (refusal) return refusedRun(this.backend, "rejected", refusal);
    if (exploring && this.backend !== "bwrap") {
      return refusedRun(this.backend, "rejected", { code: "needs_native_runner", feature: "threads" });
    }
    const queue = exploring ? this.#exploreQueue : this.#queue;
    const outcome = await queue.schedule(request.queueKey, request.signal, (signal) =>
      this.#backend.execute(request, signal, limits),
    );
    return outcome.ok ? outcome.value : refusedRun(this.backend, "rejected", outcome.error);
  }

  /** Resolves once the backend's warm sandboxes are ready. */
  warmedUp(): Promise<void> {
    return this.#backend.warmedUp();
  }

  /** Refuses new runs, cancels waiting ones and kills running sandboxes. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#queue.close();
      this.#exploreQueue.close();
      await this.#backend.close();
    })();
    return this.#closing;
  }
}

function observerOf(meter: RunnerMeter | undefined, lane: RunLane): QueueObserver | undefined {
  if (!meter) return undefined;
  return {
    depth: (waiting) => meter.queueDepth(lane, waiting),
    waited: (seconds) => meter.queueWaited(lane, seconds),
  };
}

/** The runner's limits, each lowered where the request asks for less (never raised). */
function tightened(limits: RunLimits, wanted: Partial<PerRunLimits> | undefined): RunLimits {
  if (!wanted) return limits;
  const lower = (name: keyof PerRunLimits) => Math.min(limits[name], wanted[name] ?? limits[name]);
  return {
    ...limits,
    wallMs: lower("wallMs"),
    memoryBytes: lower("memoryBytes"),
    outputBytes: lower("outputBytes"),
    codeBytes: lower("codeBytes"),
  };
}
