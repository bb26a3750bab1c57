import type {
  CodeRunner,
  InterpreterCatalog,
  InterpreterInfo,
  RunRequest,
  RunResult,
} from "../domain/ports/code-runner.js";
import type { Metrics } from "./metrics.js";

type StartedRunner = CodeRunner & InterpreterCatalog & { warmedUp(): Promise<void> };

/** A runner that counts its runs, their statuses and their time into the metrics; otherwise the same. */
export class MeteredCodeRunner implements CodeRunner, InterpreterCatalog {
  readonly #inner: StartedRunner;
  readonly #metrics: Metrics;

  constructor(inner: StartedRunner, metrics: Metrics) {
    this.#inner = inner;
    this.#metrics = metrics;
  }

  get backend() {
    return this.#inner.backend;
  }

  interpreters(): readonly InterpreterInfo[] {
    return this.#inner.interpreters();
  }

  warmedUp(): Promise<void> {
    return this.#inner.warmedUp();
  }

  async run(request: RunRequest): Promise<RunResult> {
    const stop = this.#metrics.runSeconds.startTimer({ backend: this.#inner.backend });
    this.#metrics.runsInFlight.inc();
    try {
      const result = await this.#inner.run(request);
      this.#metrics.runs.inc({ backend: result.backend, status: result.status });
      return result;
    } finally {
      stop();
      this.#metrics.runsInFlight.dec();
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
