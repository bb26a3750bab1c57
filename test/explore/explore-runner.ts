import { exploreCode } from "../../src/app/explore/explore-code.js";
import type { ExploreOptions } from "../../src/app/explore/explore-program.js";
import type { Exploration } from "../../src/domain/explore/exploration.js";
import type { CodeRunner } from "../../src/domain/ports/code-runner.js";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../../src/runner/index.js";
import { testMarker } from "../runner/bwrap-runner.js";

/**
 * The real bwrap runner with an exploration lane of two at a time. The machine the tests run on is
 * shared and often busy, so the lane's wall limit and the budget are wider than production's 15 s:
 * the verdicts must not depend on how many schedules fit into a loaded minute.
 */
export function startExploreRunner(name: string, python?: string): Promise<StartedCodeRunner> {
  return createCodeRunner({
    backend: "bwrap",
    python: python ?? process.env.RUNNER_PYTHON ?? "python3",
    concurrency: 2,
    queueSize: 16,
    warmPool: 0,
    limits: parseRunLimits({ wallMs: 5_000, cpuSeconds: 5 }),
    explore: { concurrency: 2, queueSize: 32, wallMs: 60_000 },
    sandboxMarker: testMarker(name),
  });
}

export const testBudgetMs = 50_000;

/** Explores and expects a report (a failed run is a test failure with the runner's words). */
export async function explore(
  runner: CodeRunner,
  code: string,
  options: ExploreOptions = {},
): Promise<Exploration> {
  const result = await exploreCode(runner, {
    target: { code },
    options: { runs: 40, budgetMs: testBudgetMs, ...options },
  });
  if (result.type === "failed") {
    throw new Error(`no exploration report: ${result.run.status} ${result.run.stderr.slice(-1500)}`);
  }
  return result.exploration;
}

export function explored(exploration: Exploration): Extract<Exploration, { kind: "explored" }> {
  if (exploration.kind !== "explored")
    throw new Error(`expected an exploration, got ${JSON.stringify(exploration)}`);
  return exploration;
}

export function replayed(exploration: Exploration): Extract<Exploration, { kind: "replayed" }> {
  if (exploration.kind !== "replayed")
    throw new Error(`expected a replay, got ${JSON.stringify(exploration)}`);
  return exploration;
}
