import type { CodeRunner, InterpreterInfo, RunRequest, RunResult } from "../../domain/ports/code-runner.js";
import { type LineDifference, lineDifference } from "./check-determinism.js";

/** One interpreter's run of a compared snippet. */
export interface InterpreterOutcome {
  readonly interpreter: InterpreterInfo;
  readonly result: RunResult;
  /** Same status, stdout and stderr as the first interpreter's run (the reference). */
  readonly sameOutput: boolean;
  /** Where its output first parts from the reference's (`run` is its 1-based place in the list). */
  readonly firstDifference: LineDifference | null;
}

/**
 * Runs one snippet on every interpreter, one after another (each waits for a queue slot like any
 * run, and none competes with another for the CPU, so their times compare), and compares each
 * output with the first interpreter's.
 */
export async function compareInterpreters(
  runner: CodeRunner,
  interpreters: readonly InterpreterInfo[],
  request: Omit<RunRequest, "interpreter">,
): Promise<InterpreterOutcome[]> {
  const outcomes: InterpreterOutcome[] = [];
  let reference: RunResult | undefined;
  for (const [index, interpreter] of interpreters.entries()) {
    const result = await runner.run({ ...request, interpreter: interpreter.name });
    reference ??= result;
    const difference =
      lineDifference(index + 1, "stdout", reference.stdout, result.stdout) ??
      lineDifference(index + 1, "stderr", reference.stderr, result.stderr);
    outcomes.push({
      interpreter,
      result,
      sameOutput: difference === null && result.status === reference.status,
      firstDifference: difference,
    });
  }
  return outcomes;
}
