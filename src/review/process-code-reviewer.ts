import { type ChildProcess, fork } from "node:child_process";
import type { CodeReview, CodeReviewer } from "../domain/ports/code-reviewer.js";

export interface ProcessCodeReviewerOptions {
  /** One review's limit; past it the process is killed and the snippet is too complex (default 5000). */
  readonly timeoutMs?: number;
  /** V8 heap of the reviewer process in MB (default 128). */
  readonly heapMb?: number;
  /** The process ends after this long without a review, giving its memory back (default 5 minutes). */
  readonly idleMs?: number;
}

/** Starting Node and loading tree-sitter and Ruff; slow on a busy machine, and not a snippet's fault. */
const startupLimitMs = 60_000;

/**
 * V8 flags of the reviewer process. Liftoff only: with V8's default tiering, the background optimising
 * compiler of Ruff's 10 MB WebAssembly module took the process from about 200 to 470 MB of resident memory
 * within seconds of the first review, and a worker thread that ended never gave it back. Measured on the
 * bench's 200-line snippet: review p50 15.5 ms against 13.1 ms, p99 58 ms against 209 ms (no tier-up
 * pauses), loading in about 0.2 s. A process of its own also keeps these flags away from PGlite's module.
 */
const v8Flags = ["--liftoff-only"];

interface Pending {
  readonly id: number;
  readonly code: string;
  readonly resolve: (review: CodeReview) => void;
}

interface ReviewerProcess {
  readonly child: ChildProcess;
  ready: boolean;
}

type ProcessMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly review: CodeReview; readonly broken?: boolean }
  | { readonly failed: string };

/**
 * Reviews snippets in a child process, one at a time in arrival order, started on the first review and
 * ended after a quiet spell, so an idle bot holds none of the parsers' memory. Untrusted code is parsed
 * there, so a snippet that makes a parser recurse, loop or allocate ends that process, not the bot: the
 * review comes back `too_complex` and the next one gets a fresh process.
 */
export class ProcessCodeReviewer implements CodeReviewer {
  readonly #timeoutMs: number;
  readonly #heapMb: number;
  readonly #idleMs: number;
  readonly #queue: Pending[] = [];
  #process: ReviewerProcess | undefined;
  #current: { readonly pending: Pending; timer: NodeJS.Timeout | undefined } | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #nextId = 1;
  #failures = 0;
  #closed = false;

  constructor(options: ProcessCodeReviewerOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#heapMb = options.heapMb ?? 128;
    this.#idleMs = options.idleMs ?? 5 * 60_000;
  }

  /** Starts the process and loads the parsers ahead of a review (tests and benchmarks; the bot waits). */
  warm(): Promise<CodeReview> {
    return this.review("pass\n");
  }

  /** The reviewer process's id while one runs (for memory figures). */
  get pid(): number | undefined {
    return this.#process?.child.pid;
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
    clearTimeout(this.#idleTimer);
    for (const pending of this.#queue.splice(0)) pending.resolve({ status: "unavailable" });
    this.#finish({ status: "unavailable" });
    await this.#end();
  }

  #pump(): void {
    if (this.#current || this.#closed) return;
    const pending = this.#queue.shift();
    if (!pending) {
      this.#idleLater();
      return;
    }
    clearTimeout(this.#idleTimer);
    const reviewer = this.#ensureProcess();
    if (!reviewer) {
      pending.resolve({ status: "unavailable" });
      this.#pump();
      return;
    }
    this.#current = { pending, timer: undefined };
    this.#hold(reviewer.child, true);
    if (reviewer.ready) this.#send(reviewer);
    else this.#current.timer = setTimeout(() => this.#lost(reviewer), startupLimitMs);
  }

  #idleLater(): void {
    clearTimeout(this.#idleTimer);
    if (!this.#process) return;
    this.#hold(this.#process.child, false);
    this.#idleTimer = setTimeout(() => {
      if (!this.#current && this.#queue.length === 0) void this.#end();
    }, this.#idleMs);
    this.#idleTimer.unref();
  }

  /** Sends the review in flight once the process is ready, and starts its time limit then. */
  #send(reviewer: ReviewerProcess): void {
    const current = this.#current;
    if (!current) return;
    clearTimeout(current.timer);
    reviewer.child.send({ id: current.pending.id, code: current.pending.code });
    current.timer = setTimeout(() => {
      this.#finish({ status: "too_complex" });
      void this.#end().then(() => this.#pump());
    }, this.#timeoutMs);
  }

  #ensureProcess(): ReviewerProcess | undefined {
    if (this.#process) return this.#process;
    // A reviewer whose process cannot even start stops trying after a few attempts.
    if (this.#failures >= 3) return undefined;
    const self = import.meta.url;
    const typescript = self.endsWith(".ts");
    const entry = new URL(`./review-process.${typescript ? "ts" : "js"}`, self);
    const child = fork(entry, [], {
      execArgv: [
        ...v8Flags,
        `--max-old-space-size=${this.#heapMb}`,
        ...(typescript ? ["--import", import.meta.resolve("tsx")] : []),
      ],
      // Only what Node needs to start: the bot's tokens and database address stay with the bot.
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "ignore", "ignore", "ipc"],
      serialization: "advanced",
    });
    const reviewer: ReviewerProcess = { child, ready: false };
    this.#process = reviewer;
    child.on("message", (message: ProcessMessage) => this.#onMessage(reviewer, message));
    child.on("error", () => this.#lost(reviewer));
    child.on("exit", () => this.#lost(reviewer));
    return reviewer;
  }

  /**
   * A review in flight keeps the caller's process alive (`quizbot review` has nothing else to wait on);
   * an idle reviewer process must not keep the bot, or a CLI command, from exiting.
   */
  #hold(child: ChildProcess, busy: boolean): void {
    const channel = child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (busy) {
      child.ref();
      channel?.ref?.();
    } else {
      child.unref();
      channel?.unref?.();
    }
  }

  #onMessage(reviewer: ReviewerProcess, message: ProcessMessage): void {
    if ("ready" in message) {
      reviewer.ready = true;
      this.#failures = 0;
      this.#send(reviewer);
      return;
    }
    if ("failed" in message) {
      this.#failures++;
      this.#lost(reviewer);
      return;
    }
    if (this.#current?.pending.id !== message.id) return;
    this.#finish(message.review);
    if (message.broken) void this.#end().then(() => this.#pump());
    else this.#pump();
  }

  /** The process died (out of memory, a crash): the review in flight is too complex, the next gets a new one. */
  #lost(reviewer: ReviewerProcess): void {
    if (this.#process !== reviewer) return;
    this.#process = undefined;
    if (!reviewer.ready) this.#failures++;
    this.#finish(reviewer.ready ? { status: "too_complex" } : { status: "unavailable" });
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
    const reviewer = this.#process;
    this.#process = undefined;
    if (!reviewer || reviewer.child.exitCode !== null || reviewer.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => reviewer.child.once("exit", () => resolve()));
    // Waiting for the exit must keep the caller alive, or `await close()` never returns in a CLI command.
    reviewer.child.ref();
    reviewer.child.kill("SIGKILL");
    await exited;
  }
}
