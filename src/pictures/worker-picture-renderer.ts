import { Worker } from "node:worker_threads";
import type {
  Picture,
  PictureFailure,
  PictureRenderer,
  RenderedPicture,
} from "../domain/ports/picture-renderer.js";
import { err, ok, type Result } from "../domain/result.js";

export interface WorkerPictureRendererOptions {
  /** Pictures that may wait behind the one being drawn; past that a render is refused as `busy` (default 8). */
  readonly maxQueued?: number;
  /** From the request to the PNG, queue included; past it the text version is shown (default 4000). */
  readonly timeoutMs?: number;
  /** V8 heap of the worker (default 64; the canvas's pixels live outside it). */
  readonly heapMb?: number;
}

type Outcome = Result<RenderedPicture, PictureFailure>;

interface Pending {
  readonly id: number;
  readonly picture: Picture;
  readonly resolve: (outcome: Outcome) => void;
  readonly timer: NodeJS.Timeout;
}

type WorkerMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly rendered: RenderedPicture }
  | { readonly id: number; readonly failed: string }
  | { readonly failed: string };

interface Thread {
  readonly worker: Worker;
  ready: boolean;
}

// As in worker-code-reviewer.ts: a stub that imports the worker module, through tsx's loader when it is
// TypeScript, so the same code runs under tsx, vitest and the compiled build.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const loaded = workerData.tsx
    ? await (await import(workerData.tsx)).tsImport(workerData.entry, workerData.entry)
    : await import(workerData.entry);
  loaded.servePictures(parentPort);
})().catch((error) => parentPort.postMessage({ failed: String(error && error.stack || error) }));
`;

/**
 * Draws pictures in one worker thread, one at a time, so drawing and PNG encoding never hold up the event
 * loop that handles answers. The queue is bounded and every request has a deadline: a full queue, a slow
 * render or a dead worker all come back as a failure value, and the caller shows the text version.
 */
export class WorkerPictureRenderer implements PictureRenderer {
  readonly #maxQueued: number;
  readonly #timeoutMs: number;
  readonly #heapMb: number;
  readonly #queue: Pending[] = [];
  #thread: Thread | undefined;
  #current: Pending | undefined;
  readonly #readyWaiters: ((ready: boolean) => void)[] = [];
  #nextId = 1;
  #failures = 0;
  #closed = false;

  constructor(options: WorkerPictureRendererOptions = {}) {
    this.#maxQueued = options.maxQueued ?? 8;
    this.#timeoutMs = options.timeoutMs ?? 4000;
    this.#heapMb = options.heapMb ?? 64;
  }

  render(picture: Picture): Promise<Outcome> {
    if (this.#closed) return Promise.resolve(err("closed"));
    if (this.#queue.length >= this.#maxQueued) return Promise.resolve(err("busy"));
    return new Promise((resolve) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => this.#expire(id), this.#timeoutMs);
      timer.unref();
      this.#queue.push({ id, picture, resolve, timer });
      this.#pump();
    });
  }

  /** Starts the worker and loads the fonts ahead of the first picture; resolves once it is ready or gave up. */
  warm(): Promise<boolean> {
    const thread = this.#ensureThread();
    if (!thread || thread.ready) return Promise.resolve(thread !== undefined);
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) this.#settle(pending, err("closed"));
    if (this.#current) this.#settle(this.#current, err("closed"));
    this.#current = undefined;
    for (const waiter of this.#readyWaiters.splice(0)) waiter(false);
    await this.#end();
  }

  #pump(): void {
    if (this.#current || this.#closed) return;
    const thread = this.#ensureThread();
    if (!thread) {
      for (const pending of this.#queue.splice(0)) this.#settle(pending, err("failed"));
      return;
    }
    if (!thread.ready) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#current = next;
    thread.worker.postMessage({ id: next.id, picture: next.picture });
  }

  #ensureThread(): Thread | undefined {
    if (this.#thread) return this.#thread;
    // A renderer whose worker cannot even start (fonts or canvas missing) stops trying: text from then on.
    if (this.#failures >= 3) return undefined;
    const self = import.meta.url;
    const typescript = self.endsWith(".ts");
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        entry: new URL(`./picture-worker.${typescript ? "ts" : "js"}`, self).href,
        tsx: typescript ? import.meta.resolve("tsx/esm/api") : undefined,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.#heapMb, maxYoungGenerationSizeMb: 16 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const thread: Thread = { worker, ready: false };
    this.#thread = thread;
    worker.on("message", (message: WorkerMessage) => this.#onMessage(thread, message));
    worker.on("error", () => this.#lost(thread));
    worker.on("exit", () => this.#lost(thread));
    return thread;
  }

  #onMessage(thread: Thread, message: WorkerMessage): void {
    if ("ready" in message) {
      thread.ready = true;
      this.#failures = 0;
      for (const waiter of this.#readyWaiters.splice(0)) waiter(true);
      this.#pump();
      return;
    }
    if (!("id" in message)) {
      this.#lost(thread);
      return;
    }
    const current = this.#current;
    if (current?.id !== message.id) return;
    this.#current = undefined;
    this.#settle(current, "rendered" in message ? ok(message.rendered) : err("failed"));
    this.#pump();
  }

  /** A request past its deadline: dropped from the queue, or, while drawing, the worker is replaced. */
  #expire(id: number): void {
    const index = this.#queue.findIndex((pending) => pending.id === id);
    if (index >= 0) {
      const [pending] = this.#queue.splice(index, 1);
      if (pending) this.#settle(pending, err("timed_out"));
      return;
    }
    const current = this.#current;
    if (current?.id !== id) return;
    this.#current = undefined;
    this.#settle(current, err("timed_out"));
    void this.#end().then(() => this.#pump());
  }

  /** The worker died (out of memory, a crash): the picture in flight failed, the next gets a new worker. */
  #lost(thread: Thread): void {
    if (this.#thread !== thread) return;
    this.#thread = undefined;
    if (!thread.ready) this.#failures++;
    if (this.#failures >= 3 || this.#closed) for (const waiter of this.#readyWaiters.splice(0)) waiter(false);
    const current = this.#current;
    this.#current = undefined;
    if (current) this.#settle(current, err("failed"));
    if (!this.#closed) this.#pump();
  }

  #settle(pending: Pending, outcome: Outcome): void {
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  async #end(): Promise<void> {
    const thread = this.#thread;
    this.#thread = undefined;
    if (thread) await thread.worker.terminate();
  }
}
