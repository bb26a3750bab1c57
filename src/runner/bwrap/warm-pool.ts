import type { Logger } from "../../logger.js";
import type { PythonSandbox } from "./python-sandbox.js";

/**
 * Keeps `size` sandboxes started and waiting for a program, so a run skips bwrap's and Python's
 * start-up. Each is used once; its replacement starts in the background once its run has a result.
 * Failing starts back off (up to 30 s) instead of spinning on a broken host.
 */
export class WarmPool {
  readonly #start: () => PythonSandbox;
  readonly #size: number;
  readonly #logger: Logger | undefined;
  readonly #ready: PythonSandbox[] = [];
  readonly #starting = new Set<PythonSandbox>();
  #failures = 0;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;
  #fillPending: Promise<void> | undefined;

  constructor(start: () => PythonSandbox, size: number, logger?: Logger) {
    this.#start = start;
    this.#size = size;
    this.#logger = logger;
    this.#fill();
  }

  /**
   * A sandbox waiting for its program, or undefined when none is ready (the caller starts one).
   * Call `refill` once the run has its result: spawning blocks the event loop (Node forks itself),
   * and the run that took this sandbox should not wait for its replacement.
   */
  take(): PythonSandbox | undefined {
    let sandbox = this.#ready.shift();
    while (sandbox && !sandbox.alive) sandbox = this.#ready.shift();
    return sandbox;
  }

  /** Starts replacements for the sandboxes taken, after the callbacks waiting for the current result. */
  refill(): void {
    this.#fillPending ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.#fillPending = undefined;
        this.#fill();
        resolve();
      }),
    );
  }

  /** Resolves once the pool holds `size` ready sandboxes (or has given up for now); for benchmarks and tests. */
  async whenFull(): Promise<void> {
    await this.#fillPending;
    while (!this.#closed && this.#starting.size > 0) {
      await Promise.race([...this.#starting].map((sandbox) => sandbox.ready));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  get readyCount(): number {
    return this.#ready.filter((sandbox) => sandbox.alive).length;
  }

  /** Kills every sandbox of the pool; resolves when they are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const sandboxes = [...this.#ready.splice(0), ...this.#starting];
    this.#starting.clear();
    for (const sandbox of sandboxes) sandbox.kill();
    await Promise.all(sandboxes.map((sandbox) => sandbox.closed));
  }

  #fill(): void {
    if (this.#closed || this.#retry !== undefined) return;
    for (let i = this.#ready.length - 1; i >= 0; i--) {
      if (!this.#ready[i]?.alive) this.#ready.splice(i, 1);
    }
    while (this.#ready.length + this.#starting.size < this.#size) {
      const sandbox = this.#start();
      this.#starting.add(sandbox);
      sandbox.ready.then((failure) => {
        if (!this.#starting.delete(sandbox)) return; // closed meanwhile
        if (failure === null) {
          this.#failures = 0;
          this.#ready.push(sandbox);
          return;
        }
        this.#failures += 1;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(this.#failures, 6));
        this.#logger?.warn({ detail: failure.detail, retryInMs: delay }, "warm sandbox failed to start");
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          this.#fill();
        }, delay);
        this.#retry.unref();
      });
    }
  }
}
