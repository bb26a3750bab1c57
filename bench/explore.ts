/**
 * The interleaving explorer, in the bwrap sandbox with the production exploration settings (50 seeded
 * schedules, 12 s budget, 15 s lane wall limit):
 *
 *   - timing: wall time of a whole exploration (request to report) of the lost-update case and of the
 *     asyncio counter case, one at a time; p50 and p90.
 *   - stability (the deep check of issue 19): every "Done when" case explored 10 times (3 in --quick),
 *     each time with the verdict it must have, and every seed the first exploration reports plus its
 *     shrunk schedule replayed 10 times (3 in --quick), each time with the output the report gave.
 *     `npm test` does the same with 2 explorations and 3 replays.
 *
 *   npm run bench -- --only explor [--quick]
 */
import { performance } from "node:perf_hooks";
import { exploreCode } from "../src/app/explore/explore-code.js";
import type { ExploreOptions } from "../src/app/explore/explore-program.js";
import type { Exploration, ScheduleOutput } from "../src/domain/explore/exploration.js";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../src/runner/index.js";
import * as cases from "../test/explore/cases.js";
import { type BenchFigure, quantile, round } from "./figure.js";

export async function exploreTimingBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const samples = options.quick ? 5 : 15;
  const runner = await startRunner(1);
  try {
    await explore(runner, cases.lostUpdate, {}); // the first sandbox pays for cold caches
    const figures: BenchFigure[] = [];
    for (const [name, code] of [
      ["lost update", cases.lostUpdate],
      ["asyncio counter", cases.asyncioCounter],
    ] as const) {
      const wall: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const started = performance.now();
        const report = await explore(runner, code, {});
        if (report.kind !== "explored" || report.verdict !== "race")
          throw new Error(`${name}: expected a race, got ${JSON.stringify(report).slice(0, 300)}`);
        wall.push(performance.now() - started);
      }
      figures.push(
        { figure: `explore ${name} (50 schedules), p50`, unit: "ms", value: round(quantile(wall, 0.5), 0) },
        { figure: `explore ${name} (50 schedules), p90`, unit: "ms", value: round(quantile(wall, 0.9), 0) },
      );
    }
    return figures;
  } finally {
    await runner.close();
  }
}

export async function exploreStabilityBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const times = options.quick ? 3 : 10;
  const runner = await startRunner(2);
  const problems: string[] = [];
  let stableCases = 0;
  let replays = 0;
  let matchingReplays = 0;
  try {
    // Two cases at a time: the lane runs two explorations at once.
    await Promise.all(
      pairs(cases.doneWhenCases).map(async (group) => {
        for (const entry of group) {
          const outcome = await checkCase(runner, entry, times);
          problems.push(...outcome.problems);
          if (outcome.stable) stableCases += 1;
          replays += outcome.replays;
          matchingReplays += outcome.matching;
        }
      }),
    );
  } finally {
    await runner.close();
  }
  for (const problem of problems) console.log(`\n  explorer stability: ${problem}`);
  return [
    {
      figure: `explorer cases with the expected verdict in ${times} of ${times} explorations`,
      unit: "cases",
      value: stableCases,
      goal: `= ${cases.doneWhenCases.length}`,
    },
    {
      figure: `explorer reported seeds and schedules replayed ${times} times each`,
      unit: "replays",
      value: replays,
    },
    {
      figure: "explorer replays giving the reported output",
      unit: "%",
      value: replays === 0 ? 0 : round((100 * matchingReplays) / replays, 1),
      goal: "= 100",
    },
  ];
}

interface CaseCheck {
  readonly stable: boolean;
  readonly replays: number;
  readonly matching: number;
  readonly problems: string[];
}

async function checkCase(
  runner: StartedCodeRunner,
  entry: (typeof cases.doneWhenCases)[number],
  times: number,
): Promise<CaseCheck> {
  const problems: string[] = [];
  const reports: Extract<Exploration, { kind: "explored" }>[] = [];
  for (let i = 0; i < times; i += 1) {
    const report = await explore(runner, entry.code, {});
    if (report.kind !== "explored") {
      problems.push(`${entry.name}: exploration ${i + 1} gave ${report.kind}`);
      continue;
    }
    if (report.verdict !== entry.verdict)
      problems.push(`${entry.name}: exploration ${i + 1} said ${report.verdict}, not ${entry.verdict}`);
    reports.push(report);
  }
  const stable = reports.length === times && reports.every((report) => report.verdict === entry.verdict);
  const first = reports[0];
  if (!first) return { stable, replays: 0, matching: 0, problems };
  const targets: { what: string; options: ExploreOptions; expected: ScheduleOutput }[] = [
    ...first.outcomes
      .filter((outcome) => outcome.seed !== null)
      .map((outcome) => ({
        what: `seed ${outcome.seed}`,
        options: { seed: outcome.seed ?? 0 },
        expected: { status: outcome.status, output: outcome.output, error: outcome.error },
      })),
    ...(first.replay
      ? [
          {
            what: "the shrunk schedule",
            options: { schedule: first.replay.schedule },
            expected: first.replay.outcome,
          },
        ]
      : []),
  ];
  let replays = 0;
  let matching = 0;
  for (const target of targets) {
    for (let i = 0; i < times; i += 1) {
      const again = await explore(runner, entry.code, target.options);
      replays += 1;
      const outcome = again.kind === "replayed" ? again.replay.outcome : undefined;
      if (outcome && sameOutput(outcome, target.expected)) matching += 1;
      else
        problems.push(
          `${entry.name}: ${target.what} replay ${i + 1} gave ${JSON.stringify(outcome ?? again.kind)}`,
        );
    }
  }
  return { stable, replays, matching, problems };
}

function sameOutput(a: ScheduleOutput, b: ScheduleOutput): boolean {
  return a.status === b.status && a.output === b.output && a.error === b.error;
}

function pairs<T>(items: readonly T[]): T[][] {
  return [items.filter((_, index) => index % 2 === 0), items.filter((_, index) => index % 2 === 1)];
}

function startRunner(concurrency: number): Promise<StartedCodeRunner> {
  return createCodeRunner({
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency: 1,
    queueSize: 4,
    warmPool: 0,
    limits: parseRunLimits(),
    explore: { concurrency, queueSize: 8, wallMs: 15_000 },
  });
}

async function explore(
  runner: StartedCodeRunner,
  code: string,
  options: ExploreOptions,
): Promise<Exploration> {
  const result = await exploreCode(runner, { target: { code }, options });
  if (result.type === "failed")
    throw new Error(`exploration brought no report: ${result.run.status} ${result.run.stderr.slice(-300)}`);
  return result.exploration;
}
