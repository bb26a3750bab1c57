import type { InterpreterInfo, RunLimits, RunRequest, RunResult } from "../domain/ports/code-runner.js";
import type { RunBackend } from "./run-backend.js";
import { refusedRun } from "./run-results.js";

/** One interpreter and the backend that runs it. */
export interface InterpreterBackend {
  readonly info: InterpreterInfo;
  readonly backend: RunBackend;
}

/**
 * Several interpreters behind one backend: each request goes to the one it names (the first, the
 * default, when it names none), and its result says which ran it.
 */
export class InterpreterRouter implements RunBackend {
  readonly #entries: readonly InterpreterBackend[];
  readonly #default: InterpreterBackend;

  constructor(entries: readonly InterpreterBackend[]) {
    const [first] = entries;
    if (!first) throw new Error("a router needs at least one interpreter");
    this.#entries = entries;
    this.#default = first;
  }

  get name() {
    return this.#default.backend.name;
  }

  /** Every interpreter, the default first. */
  interpreters(): readonly InterpreterInfo[] {
    return this.#entries.map((entry) => entry.info);
  }

  async execute(request: RunRequest, signal: AbortSignal, limits?: RunLimits): Promise<RunResult> {
    const wanted = request.interpreter ?? this.#default.info.name;
    const entry = this.#entries.find((candidate) => candidate.info.name === wanted);
    if (!entry) return refusedRun(this.name, "rejected", { code: "unknown_interpreter", name: wanted });
    const result = await entry.backend.execute(request, signal, limits);
    return { ...result, interpreter: entry.info.name };
  }

  async warmedUp(): Promise<void> {
    await Promise.all(this.#entries.map((entry) => entry.backend.warmedUp()));
  }

  async close(): Promise<void> {
    await Promise.all(this.#entries.map((entry) => entry.backend.close()));
  }
}
