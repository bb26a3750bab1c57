import { err, ok, type Result } from "../domain/result.js";

export type QueueRefusal =
  | { readonly code: "queue_full"; readonly ahead: number }
  | { readonly code: "already_queued" }
  | { readonly code: "cancelled" };

/** Told when the number waiting changes and how long each task waited before it started. */
export interface QueueObserver {
  depth(waiting: number): void;
  waited(seconds: number): void;
}

interface Waiting {
  readonly key: string | undefined;
  readonly start: () => void;
  readonly cancel: () => void;
}

/**
 * At most `concurrency` tasks at once and `queueSize` waiting, one task per key (a member) at a time.
 * Each task gets a signal that fires when its request is cancelled or the queue is closed.
 */
export class RunQueue {
  readonly #concurrency: number;
  readonly #queueSize: number;
  readonly #waiting: Waiting[] = [];
  readonly #running = new Set<AbortController>();
  readonly #keys = new Set<string>();
  readonly #observer: QueueObserver | undefined;
  #closed = false;

  constructor(concurrency: number, queueSize: number, observer?: QueueObserver) {
    this.#concurrency = concurrency;
    this.#queueSize = queueSize;
    this.#observer = observer;
  }

  /** Runs now, queues, or refuses; resolves with the task's value or the refusal, never rejects for a refusal. */
  schedule<T>(
    key: string | undefined,
    signal: AbortSignal | undefined,
    task: (signal: AbortSignal) => Promise<T>,
  ): Promise<Result<T, QueueRefusal>> {
    if (this.#closed || signal?.aborted) return Promise.resolve(err({ code: "cancelled" }));
    if (key !== undefined && this.#keys.has(key)) return Promise.resolve(err({ code: "already_queued" }));
    const canStart = this.#running.size < this.#concurrency && this.#waiting.length === 0;
    if (!canStart && this.#waiting.length >= this.#queueSize) {
      return Promise.resolve(err({ code: "queue_full", ahead: this.#running.size + this.#waiting.length }));
    }
    if (key !== undefined) this.#keys.add(key);
    const queuedAt = performance.now();
    return new Promise((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        this.#observer?.waited((performance.now() - queuedAt) / 1000);
        // A task that throws is a bug: it reaches the caller as a rejection, never an unhandled one.
        this.#execute(key, signal, task).then(resolve, reject);
      };
      const entry: Waiting = { key, start, cancel: () => resolve(err({ code: "cancelled" })) };
      const onAbort = () => {
        const index = this.#waiting.indexOf(entry);
        if (index < 0) return;
        this.#waiting.splice(index, 1);
        this.#observer?.depth(this.#waiting.length);
        this.#release(key);
        entry.cancel();
      };
      if (canStart) {
        start();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(entry);
      this.#observer?.depth(this.#waiting.length);
    });
  }

  /** How many tasks run and wait right now. */
  get size(): { readonly running: number; readonly waiting: number } {
    return { running: this.#running.size, waiting: this.#waiting.length };
  }

  /** Cancels everything waiting and signals everything running; later tasks are refused as cancelled. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#waiting.splice(0)) {
      this.#release(entry.key);
      entry.cancel();
    }
    this.#observer?.depth(0);
    for (const controller of this.#running) controller.abort();
  }

  async #execute<T>(
    key: string | undefined,
    signal: AbortSignal | undefined,
    task: (signal: AbortSignal) => Promise<T>,
  ): Promise<Result<T, QueueRefusal>> {
    const controller = new AbortController();
    const forward = () => controller.abort();
    signal?.addEventListener("abort", forward, { once: true });
    this.#running.add(controller);
    try {
      return ok(await task(controller.signal));
    } finally {
      signal?.removeEventListener("abort", forward);
      this.#running.delete(controller);
      this.#release(key);
      this.#next();
    }
  }

  #release(key: string | undefined): void {
    if (key !== undefined) this.#keys.delete(key);
  }

  #next(): void {
    while (!this.#closed && this.#running.size < this.#concurrency) {
      const entry = this.#waiting.shift();
      if (!entry) return;
      this.#observer?.depth(this.#waiting.length);
      entry.start();
    }
  }
}
