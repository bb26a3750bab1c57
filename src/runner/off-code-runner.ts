import type {
  CodeRunner,
  InterpreterCatalog,
  InterpreterInfo,
  RunResult,
} from "../domain/ports/code-runner.js";
import { refusedRun } from "./run-results.js";

/** RUNNER_BACKEND=off: every run is answered "switched off", so the bot can say so instead of failing. */
export class OffCodeRunner implements CodeRunner, InterpreterCatalog {
  readonly backend = "off" as const;

  interpreters(): readonly InterpreterInfo[] {
    return [];
  }

  async run(): Promise<RunResult> {
    return refusedRun(this.backend, "unavailable", { code: "runner_off" });
  }

  async warmedUp(): Promise<void> {}

  async close(): Promise<void> {}
}
