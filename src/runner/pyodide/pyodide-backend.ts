import type { RunLimits, RunRequest, RunResult } from "../../domain/ports/code-runner.js";
import type { RunnerMeter } from "../../domain/ports/meters.js";
import type { Logger } from "../../logger.js";
import { aborted } from "../aborted.js";
import type { RunBackend } from "../run-backend.js";
import { refusedRun } from "../run-results.js";
import { PyodideWorker } from "./pyodide-worker.js";

export interface PyodideBackendOptions {
  readonly limits: RunLimits;
  /** One warm worker per slot: RUNNER_CONCURRENCY. */
  readonly slots: number;
  readonly logger?: Logger;
  /** A worker is replaced after this many runs, so whatever a reset misses does not pile up. */
  readonly runsPerWorker?: number;
  /** Told of every worker started. */
  readonly meter?: RunnerMeter;
}

interface Slot {
  /** None until the slot's first run (or `warmedUp()`). */
  worker: PyodideWorker | undefined;
  busy: boolean;
}

/**
 * CPython compiled to WebAssembly, for hosts without bubblewrap. Loading Pyodide takes seconds,
 * so each slot keeps one loaded worker and reuses it; a worker that had to be stopped (timeout,
 * output limit, cancel) or crashed is replaced in the background. A slot loads its worker on its
 * first run, not at start: a loaded interpreter is about 90 MB resident, and a bot whose members
 * never run code should not carry one per core. Weaker than bwrap: no processes or threads, and
 * runs in one worker share an interpreter that is reset, not recreated.
 */
export class PyodideBackend implements RunBackend {
  readonly name = "pyodide" as const;
  readonly #limits: RunLimits;
  readonly #logger: Logger | undefined;
  readonly #runsPerWorker: number;
  readonly #slots: Slot[];
  readonly #meter: RunnerMeter | undefined;
  #closed = false;

  constructor(options: PyodideBackendOptions) {
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#runsPerWorker = options.runsPerWorker ?? 200;
    this.#meter = options.meter;
    this.#slots = Array.from({ length: options.slots }, () => ({ worker: undefined, busy: false }));
  }

  /** Loads an interpreter in every slot that has none yet; resolves when all are loaded. */
  async warmedUp(): Promise<void> {
    await Promise.all(
      this.#slots.map((slot) => {
        if (!slot.worker && !this.#closed) slot.worker = this.#startWorker();
        return slot.worker?.ready;
      }),
    );
  }

  async execute(request: RunRequest, signal: AbortSignal, limits = this.#limits): Promise<RunResult> {
    // A loaded interpreter first, then one already loading (another slot may be reloading after a
    // kill), and only then a slot that has never loaded one.
    const free = this.#slots.filter((candidate) => !candidate.busy);
    const slot =
      free.find((candidate) => candidate.worker?.idleReady) ??
      free.find((candidate) => candidate.worker?.healthy) ??
      free[0];
    // The queue in front never runs more than `slots` at once; a missing slot is a bug.
    if (!slot) throw new Error("pyodide backend: more runs than slots");
    slot.busy = true;
    try {
      if (!slot.worker?.healthy) this.#replace(slot);
      const worker = slot.worker;
      // Closed meanwhile: #replace starts no worker once the backend is closed.
      if (!worker) return refusedRun(this.name, "unavailable", { code: "cancelled" });
      const failure = await Promise.race([worker.ready, aborted(signal)]);
      if (signal.aborted) return refusedRun(this.name, "rejected", { code: "cancelled" });
      if (failure) {
        this.#logger?.error({ detail: failure.detail }, "Pyodide failed to load");
        this.#replace(slot);
        return refusedRun(this.name, "unavailable", { code: "sandbox_failed" });
      }
      const result = await worker.run(request, limits, signal);
      if (!worker.healthy || worker.runs >= this.#runsPerWorker) this.#replace(slot);
      return result;
    } finally {
      slot.busy = false;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker?.terminate()));
  }

  #replace(slot: Slot): void {
    void slot.worker?.terminate();
    slot.worker = this.#closed ? undefined : this.#startWorker();
  }

  #startWorker(): PyodideWorker {
    this.#meter?.sandboxStarted("pyodide");
    return new PyodideWorker(this.#limits);
  }
}
