import type { Logger } from "../../logger.js";
import type { PythonSandbox, StartFailure } from "./python-sandbox.js";
import type { SandboxZygote } from "./sandbox-zygote.js";

/** A run's sandbox from the pool, and what to call once the run has its result. */
export interface ZygoteLease {
  readonly sandbox: PythonSandbox;
  /** Forked ahead of the run (it may not be ready yet): the program goes in once it is. */
  readonly warm: boolean;
  release(): void;
}

interface Slot {
  zygote: SandboxZygote | undefined;
  /** A sandbox forked ahead of its run, waiting for a program. */
  next: PythonSandbox | undefined;
  busy: boolean;
  /** Zygotes of this slot in a row that failed to start. */
  failures: number;
}

/**
 * The zygotes of one interpreter, each with at most one run at a time. Runs of one zygote share its user
 * namespace, in which RLIMIT_NPROC counts processes: two runs at once in one zygote would share one
 * process limit, and a fork bomb in one would starve the other. So there is a zygote per run that may
 * be in flight, and each forks its next sandbox only once its last run is over, which keeps a run's
 * namespace to the zygote, its slot's init and the program's own processes (the zygote raises the
 * program's limit by those two). Where warm, each idle zygote keeps its next sandbox forked and ready,
 * as the warm pool does for bwraps.
 *
 * A slot whose zygote has died starts a new one on its next run; after three zygotes or sandboxes in a
 * row fail to start, the slot is given up and `lease` finds no room there.
 */
export class ZygotePool {
  readonly #slots: Slot[];
  readonly #startZygote: () => SandboxZygote;
  readonly #fork: (zygote: SandboxZygote) => PythonSandbox;
  readonly #warm: boolean;
  readonly #logger: Logger | undefined;
  #closed = false;

  private constructor(
    size: number,
    startZygote: () => SandboxZygote,
    fork: (zygote: SandboxZygote) => PythonSandbox,
    warm: boolean,
    logger: Logger | undefined,
  ) {
    this.#startZygote = startZygote;
    this.#fork = fork;
    this.#warm = warm;
    this.#logger = logger;
    this.#slots = Array.from({ length: size }, () => ({
      zygote: undefined,
      next: undefined,
      busy: false,
      failures: 0,
    }));
  }

  /**
   * Starts `size` zygotes; resolves with the pool once the first is ready, or with why it could not
   * start (the others are then closed).
   */
  static async start(options: {
    readonly size: number;
    readonly startZygote: () => SandboxZygote;
    readonly fork: (zygote: SandboxZygote) => PythonSandbox;
    readonly warm: boolean;
    readonly logger?: Logger;
  }): Promise<ZygotePool | StartFailure> {
    const pool = new ZygotePool(
      Math.max(1, options.size),
      options.startZygote,
      options.fork,
      options.warm,
      options.logger,
    );
    const zygotes = pool.#slots.map((slot) => pool.#zygoteOf(slot));
    const failure = await (zygotes[0]?.ready ?? Promise.resolve({ detail: "no zygote" }));
    if (failure !== null) {
      await pool.close();
      return failure;
    }
    for (const slot of pool.#slots) pool.#prepare(slot);
    return pool;
  }

  /**
   * A sandbox for one run from an idle zygote (one whose next sandbox is ready first), or undefined
   * when every zygote is busy or given up (the caller starts a bwrap of its own).
   */
  lease(): ZygoteLease | undefined {
    if (this.#closed) return undefined;
    const idle = this.#slots.filter((slot) => !slot.busy);
    const slot = idle.find((candidate) => candidate.next?.alive) ?? idle.find((c) => this.#usable(c));
    if (!slot) return undefined;
    const ready = slot.next?.alive ? slot.next : undefined;
    slot.next = undefined;
    const zygote = ready ? undefined : this.#zygoteOf(slot);
    if (!ready && !zygote) return undefined;
    const sandbox = ready ?? this.#forkIn(slot, zygote as SandboxZygote);
    slot.busy = true;
    let released = false;
    return {
      sandbox,
      warm: ready !== undefined,
      release: () => {
        if (released) return;
        released = true;
        // Only once the slot's init has reaped all the run left is the namespace free for the next run.
        void sandbox.closed.then(() => {
          slot.busy = false;
          this.#prepare(slot);
        });
      },
    };
  }

  /** Resolves once every idle zygote has its next sandbox ready; for benchmarks and tests. */
  async whenFull(): Promise<void> {
    await Promise.all(
      this.#slots.map(async (slot) => {
        while (!this.#closed && slot.busy) await new Promise((resolve) => setTimeout(resolve, 2));
        await slot.next?.ready;
      }),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    const sandboxes = this.#slots.flatMap((slot) => (slot.next ? [slot.next] : []));
    for (const sandbox of sandboxes) sandbox.kill();
    await Promise.all([
      ...sandboxes.map((sandbox) => sandbox.closed),
      ...this.#slots.map((slot) => slot.zygote?.close()),
    ]);
  }

  #usable(slot: Slot): boolean {
    return slot.zygote?.alive === true || slot.failures < 3;
  }

  #prepare(slot: Slot): void {
    if (this.#closed || !this.#warm || slot.busy || slot.next?.alive) return;
    const zygote = this.#zygoteOf(slot);
    slot.next = zygote ? this.#forkIn(slot, zygote) : undefined;
  }

  /**
   * Forks a sandbox in the slot's zygote. One that fails to start counts against the slot as a zygote
   * that failed to start does: a zygote that starts but cannot set a run up must not take every run down.
   */
  #forkIn(slot: Slot, zygote: SandboxZygote): PythonSandbox {
    const sandbox = this.#fork(zygote);
    void sandbox.ready.then((failure) => {
      if (failure === null) slot.failures = 0;
      else if (zygote.alive && !sandbox.killRequested) this.#failed(slot, failure.detail);
    });
    return sandbox;
  }

  #failed(slot: Slot, detail: string): void {
    slot.failures += 1;
    if (slot.failures !== 3) return;
    this.#logger?.error(
      { detail },
      "a sandbox zygote failed three times in a row; its runs start their own bwrap",
    );
    void slot.zygote?.close();
  }

  /** The slot's zygote, started anew if it has died; undefined once the slot is given up. */
  #zygoteOf(slot: Slot): SandboxZygote | undefined {
    if (slot.zygote?.alive) return slot.zygote;
    if (this.#closed || slot.failures >= 3) return undefined;
    const zygote = this.#startZygote();
    slot.zygote = zygote;
    void zygote.ready.then((failure) => {
      if (failure !== null) this.#failed(slot, failure.detail);
    });
    void zygote.closed.then(() => {
      if (this.#closed || slot.failures >= 3) return;
      const detail = zygote.stderr.trim();
      this.#logger?.warn(detail ? { detail } : {}, "a sandbox zygote ended; the next run starts a new one");
    });
    return zygote;
  }
}
