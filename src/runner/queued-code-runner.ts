import type { CodeRunner, RunLimits, RunRequest, RunResult } from "../domain/ports/code-runner.js";
import { checkRequest } from "./request-check.js";
import type { RunBackend } from "./run-backend.js";
import { RunQueue } from "./run-queue.js";
import { refusedRun } from "./run-results.js";

export interface QueueOptions {
  /** Runs at once (RUNNER_CONCURRENCY). */
  readonly concurrency: number;
  /** Runs waiting at most (RUNNER_QUEUE_SIZE). */
  readonly queueSize: number;
}

/** The `CodeRunner` the bot uses: checks a request, queues it, and hands it to a backend. */
export class QueuedCodeRunner implements CodeRunner {
  readonly #backend: RunBackend;
  readonly #limits: RunLimits;
  readonly #queue: RunQueue;
  #closing: Promise<void> | undefined;

  constructor(backend: RunBackend, limits: RunLimits, queue: QueueOptions) {
    this.#backend = backend;
    this.#limits = limits;
    this.#queue = new RunQueue(queue.concurrency, queue.queueSize);
  }

  get backend() {
    return this.#backend.name;
  }

  get limits(): RunLimits {
    return this.#limits;
  }

  async run(request: RunRequest): Promise<RunResult> {
    if (this.#closing) return refusedRun(this.backend, "unavailable", { code: "cancelled" });
    const refusal = checkRequest(request, this.#limits);
    if (refusal) return refusedRun(this.backend, "rejected", refusal);
    const outcome = await this.#queue.schedule(request.queueKey, request.signal, (signal) =>
      this.#backend.execute(request, signal),
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
      await this.#backend.close();
    })();
    return this.#closing;
  }
}
