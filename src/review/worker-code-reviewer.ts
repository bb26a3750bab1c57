import { Worker } from "node:worker_threads";
import type { CodeReview, CodeReviewer } from "../domain/ports/code-reviewer.js";

export interface WorkerCodeReviewerOptions {
  /** One review's limit; past it the worker is ended and the snippet is too complex (default 5000). */
  readonly timeoutMs?: number;
  /** V8 heap of the worker (default 128). */
  readonly heapMb?: number;
}

/** Loading tree-sitter and Ruff in a fresh worker; slow on a busy machine, and not a snippet's fault. */
const startupLimitMs = 60_000;

interface Pending {
  readonly id: number;
  readonly code: string;
  readonly resolve: (review: CodeReview) => void;
}

type WorkerMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly review: CodeReview; readonly broken?: boolean }
  | { readonly failed: string };

// A worker file path would not run the same under tsx, vitest and the compiled build (see
// pyodide-worker-source.ts); this stub imports the module, through tsx's loader when it is TypeScript.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const entry = workerData.entry;
  const loaded = workerData.tsx
    ? await (await import(workerData.tsx)).tsImport(entry, workerData.entry)
    : await import(entry);
  await loaded.serveReviews(parentPort);
})().catch((error) => parentPort.postMessage({ failed: String(error && error.stack || error) }));
`;

/**
 * Reviews snippets in a worker thread, one at a time in arrival order. Untrusted code is parsed there, so a
 * snippet that makes a parser recurse, loop or allocate ends that worker, not the bot: the review comes back
 * `too_complex` and the next one gets a fresh worker.
 */
export class WorkerCodeReviewer implements CodeReviewer {
  readonly #timeoutMs: number;
  readonly #heapMb: number;
  readonly #queue: Pending[] = [];
  #worker: { readonly thread: Worker; ready: boolean } | undefined;
  #current: { readonly pending: Pending; timer: NodeJS.Timeout | undefined } | undefined;
  #nextId = 1;
  #failures = 0;
  #closed = false;

  constructor(options: WorkerCodeReviewerOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#heapMb = options.heapMb ?? 128;
  }

  /** Starts the worker and loads the parsers ahead of the first review. */
  warm(): Promise<CodeReview> {
    return this.review("pass\n");
  }

  review(code: string): Promise<CodeReview> {
    if (this.#closed) return Promise.resolve({ status: "unavailable" });
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, code, resolve });
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) pending.resolve({ status: "unavailable" });
    this.#finish({ status: "unavailable" });
    await this.#end();
  }

  #pump(): void {
    if (this.#current || this.#closed) return;
    const pending = this.#queue.shift();
    if (!pending) return;
    const worker = this.#ensureWorker();
    if (!worker) {
      pending.resolve({ status: "unavailable" });
      this.#pump();
      return;
    }
    this.#current = { pending, timer: undefined };
    if (worker.ready) this.#send(worker);
    else this.#current.timer = setTimeout(() => this.#lost(worker), startupLimitMs);
  }

  /**
   * Sends the review in flight once the worker is ready (a message sent earlier sat undelivered for seconds
   * in a fresh worker), and starts its time limit: loading the parsers is not the snippet's doing.
   */
  #send(worker: { readonly thread: Worker }): void {
    const current = this.#current;
    if (!current) return;
    clearTimeout(current.timer);
    worker.thread.postMessage({ id: current.pending.id, code: current.pending.code });
    current.timer = setTimeout(() => {
      this.#finish({ status: "too_complex" });
      void this.#end().then(() => this.#pump());
    }, this.#timeoutMs);
  }

  #ensureWorker(): { readonly thread: Worker; ready: boolean } | undefined {
    if (this.#worker) return this.#worker;
    // A reviewer whose worker cannot even start stops trying after a few attempts.
    if (this.#failures >= 3) return undefined;
    const self = import.meta.url;
    const typescript = self.endsWith(".ts");
    const thread = new Worker(workerSource, {
      eval: true,
      workerData: {
        entry: new URL(`./review-worker.${typescript ? "ts" : "js"}`, self).href,
        tsx: typescript ? import.meta.resolve("tsx/esm/api") : undefined,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.#heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    thread.unref();
    const worker = { thread, ready: false };
    this.#worker = worker;
    thread.on("message", (message: WorkerMessage) => this.#onMessage(worker, message));
    thread.on("error", () => this.#lost(worker));
    thread.on("exit", () => this.#lost(worker));
    return worker;
  }

  #onMessage(worker: { readonly thread: Worker; ready: boolean }, message: WorkerMessage): void {
    if ("ready" in message) {
      worker.ready = true;
      this.#failures = 0;
      this.#send(worker);
      return;
    }
    if ("failed" in message) {
      this.#failures++;
      this.#lost(worker);
      return;
    }
    if (this.#current?.pending.id !== message.id) return;
    this.#finish(message.review);
    if (message.broken) void this.#end().then(() => this.#pump());
    else this.#pump();
  }

  /** The worker died (out of memory, a crash): the review in flight is too complex, the next gets a new worker. */
  #lost(worker: { readonly thread: Worker; ready: boolean }): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    if (!worker.ready) this.#failures++;
    this.#finish(worker.ready ? { status: "too_complex" } : { status: "unavailable" });
    this.#pump();
  }

  #finish(review: CodeReview): void {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    clearTimeout(current.timer);
    current.pending.resolve(review);
  }

  async #end(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.thread.terminate();
  }
}
