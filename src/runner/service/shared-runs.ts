import type { CodeRunner, RunRequest, RunResult } from "../../domain/ports/code-runner.js";

/** A run shared by every request that carries its idempotency key. */
export interface SharedRun {
  readonly result: Promise<RunResult>;
  /** Cancels the run once no request waits for it. */
  leave(): void;
  join(): void;
}

/** How long a finished run's result is kept for a retry with the same key, and how many are kept. */
const keptForMs = 10 * 60_000;
const keptAtMost = 10_000;

interface Entry {
  readonly result: Promise<RunResult>;
  readonly abort: AbortController;
  waiters: number;
  settledAt?: number;
}

/**
 * The runs a service has in flight, keyed by the client's idempotency key when it sends one: a retry of a
 * run that did start gets that run's result instead of a second run. Counts what is in flight, so a drain
 * can wait for it.
 */
export class SharedRuns {
  readonly #runner: CodeRunner;
  readonly #byKey = new Map<string, Entry>();
  #inFlight = 0;
  #idle: (() => void) | undefined;

  constructor(runner: CodeRunner) {
    this.#runner = runner;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The run for `key` (started now if there is none), joined by one more waiting request. */
  enter(request: RunRequest, key: string | undefined): SharedRun {
    const known = key === undefined ? undefined : this.#byKey.get(key);
    const entry = known ?? this.#start(request);
    if (key !== undefined && !known) this.#remember(key, entry);
    let waiting = false;
    return {
      result: entry.result,
      join: () => {
        if (waiting) return;
        waiting = true;
        entry.waiters += 1;
      },
      leave: () => {
        if (!waiting) return;
        waiting = false;
        entry.waiters -= 1;
        if (entry.waiters === 0 && entry.settledAt === undefined) entry.abort.abort();
      },
    };
  }

  /** Resolves once nothing is in flight. */
  settled(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }

  #start(request: RunRequest): Entry {
    const abort = new AbortController();
    this.#inFlight += 1;
    const entry: Entry = {
      abort,
      waiters: 0,
      result: this.#runner.run({ ...request, signal: abort.signal }).finally(() => {
        this.#inFlight -= 1;
        entry.settledAt = Date.now();
        if (this.#inFlight === 0) this.#idle?.();
      }),
    };
    return entry;
  }

  /** Oldest first (a Map keeps insertion order): drops results past their time, and the oldest when full. */
  #remember(key: string, entry: Entry): void {
    const now = Date.now();
    for (const [old, kept] of this.#byKey) {
      if (kept.settledAt === undefined) continue;
      if (now - kept.settledAt >= keptForMs || this.#byKey.size >= keptAtMost) this.#byKey.delete(old);
    }
    this.#byKey.set(key, entry);
  }
}
