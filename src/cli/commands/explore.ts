import { readFile } from "node:fs/promises";
import { exploreCode } from "../../app/explore/explore-code.js";
import { defaultExploreBudgetMs, type ExploreOptions } from "../../app/explore/explore-program.js";
import { loadConfig } from "../../config.js";
import {
  type Decision,
  type Exploration,
  formatSchedule,
  parseSchedule,
} from "../../domain/explore/exploration.js";
import {
  deadlockLine,
  explorerLimits,
  hangText,
  outputText,
  perInstructionNote,
  storyLines,
} from "../../platforms/shared/wording/explore-story.js";
import { codeRunnerOptionsFrom, createCodeRunner } from "../../runner/index.js";
import { type CliCommand, type CliContext, UsageError } from "../command.js";

/**
 * `quizbot explore`: runs a threading or asyncio program under many seeded schedules in the sandbox.
 * Exit 0 when every schedule printed the same, 1 for a race or a deadlock, 2 for bad input (nothing
 * to explore, a hang in C code or I/O, a run that brought no report).
 */
export const exploreCommand: CliCommand = {
  name: "explore",
  summary: "Run a threading/asyncio Python file under seeded schedules and report races and deadlocks",
  usage: "[--json] [--runs N] [--seed S | --schedule X] FILE|-",
  help: {
    json: "print one JSON object (verdict, outcomes, deadlocks, baseline, replay)",
    runs: "seeded schedules to try after the normal run (default 50)",
    seed: "run exactly the schedule of seed S and report its outcome",
    schedule: "replay exactly this schedule (the `step:choice,...` text a report gives)",
  },
  options: {
    json: { type: "boolean" },
    runs: { type: "string" },
    seed: { type: "string" },
    schedule: { type: "string" },
  },
  allowPositionals: true,
  async run(context) {
    const [source, ...extra] = context.positionals;
    if (source === undefined || extra.length > 0) throw new UsageError("expected one FILE or -");
    const options = parseOptions(context.values);
    const code = source === "-" ? await readAll(context.stdin) : await readFile(source, "utf8");
    const env = loadConfig(context.env).env;
    const runnerOptions = codeRunnerOptionsFrom(env);
    const runner = await createCodeRunner({ ...runnerOptions, warmPool: 0 });
    try {
      const wallMs = env.RUNNER_EXPLORE_SECONDS * 1000;
      const budgetMs = Math.max(1_000, Math.min(defaultExploreBudgetMs, wallMs - 3_000));
      const result = await exploreCode(runner, { target: { code }, options: { ...options, budgetMs } });
      if (result.type === "failed") {
        const run = result.run;
        if (run.reason?.code === "needs_native_runner") {
          context.stderr.write(
            "quizbot explore: exploring needs real threads, which the Pyodide backend does not have; set RUNNER_BACKEND=bwrap (CPython 3.8 or newer in the bubblewrap sandbox)\n",
          );
          return 2;
        }
        const reason = run.reason ? ` (${JSON.stringify(run.reason)})` : "";
        context.stderr.write(
          `quizbot explore: the exploration brought no report: ${run.status}${reason}\n${run.stderr.slice(-2000)}\n`,
        );
        return 2;
      }
      const exploration = result.exploration;
      context.stdout.write(
        context.values.json === true
          ? `${JSON.stringify(jsonReport(exploration))}\n`
          : `${textReport(exploration, source).join("\n")}\n`,
      );
      return exitCode(exploration);
    } finally {
      await runner.close();
    }
  },
};

function parseOptions(values: CliContext["values"]): ExploreOptions {
  const options: { runs?: number; seed?: number; schedule?: Decision[] } = {};
  if (values.runs !== undefined) options.runs = wholeNumber(values.runs, "--runs", 1, 1000);
  if (values.seed !== undefined) options.seed = wholeNumber(values.seed, "--seed", 0, 2 ** 31);
  if (values.schedule !== undefined) {
    const schedule = parseSchedule(String(values.schedule));
    if (!schedule)
      throw new UsageError("--schedule expects step:choice pairs joined by commas, e.g. 44:0,56:2");
    options.schedule = schedule;
  }
  if (options.seed !== undefined && options.schedule !== undefined) {
    throw new UsageError("give --seed or --schedule, not both");
  }
  return options;
}

function wholeNumber(value: unknown, flag: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}`);
  }
  return number;
}

function exitCode(exploration: Exploration): number {
  if (exploration.kind === "explored") return exploration.verdict === "single" ? 0 : 1;
  if (exploration.kind === "replayed") return 0;
  return 2;
}

/** The issue's JSON shape: verdict, outcomes, deadlocks, baseline and replay (plus the rest as is). */
function jsonReport(exploration: Exploration): Record<string, unknown> {
  if (exploration.kind === "explored") {
    const replay = exploration.replay && {
      ...exploration.replay,
      text: formatSchedule(exploration.replay.schedule),
    };
    return {
      ...exploration,
      baseline: exploration.baseline.output,
      baselineRun: exploration.baseline,
      replay,
    };
  }
  if (exploration.kind === "replayed") {
    const { outcome } = exploration.replay;
    return {
      ...exploration,
      verdict: "replayed",
      outcomes: [{ ...outcome, count: 1, seed: exploration.seed }],
      replay: { ...exploration.replay, text: formatSchedule(exploration.replay.schedule) },
    };
  }
  return { ...exploration, verdict: exploration.kind };
}

function textReport(exploration: Exploration, file: string): string[] {
  if (exploration.kind === "nothing") {
    return [
      exploration.reason === "no_concurrency"
        ? "Nothing to explore: the program imports neither threading, concurrent.futures nor asyncio."
        : "Nothing to explore: the program started no second thread and no asyncio task, so there is only one order.",
    ];
  }
  if (exploration.kind === "hang") return [hangText(exploration.hang)];
  if (exploration.kind === "replayed") {
    const replay = exploration.replay;
    const what = exploration.seed !== null ? `seed ${exploration.seed}` : "the given schedule";
    return [
      `Replayed ${what} on Python ${exploration.python}: ${outputText(replay.outcome)}`,
      ...storyLines(replay).slice(0, 20),
      ...(replay.deadlock ? replay.deadlock.threads.map(deadlockLine) : []),
    ];
  }
  const lines = [
    `Explored ${exploration.tried} seeded schedules and the normal run in ${(exploration.elapsedMs / 1000).toFixed(1)} s on Python ${exploration.python}${exploration.partial ? " (time budget reached: a partial report)" : ""}.`,
    `Verdict: ${verdictText(exploration)}`,
    "",
    ...exploration.outcomes.map(
      (outcome) =>
        `  ${outcome.count} × ${outputText(outcome)}${outcome.baseline ? "   ← the normal run" : ""}${outcome.seed !== null ? `   (seed ${outcome.seed})` : ""}`,
    ),
  ];
  for (const deadlock of exploration.deadlocks.slice(0, 1)) {
    lines.push("", `Deadlock (seed ${deadlock.seed ?? "none: the normal run"}):`);
    lines.push(...deadlock.threads.map((thread) => `  ${deadlockLine(thread)}`));
  }
  const replay = exploration.replay;
  if (replay) {
    const text = formatSchedule(replay.schedule);
    lines.push("", `Shortest breaking schedule found (${replay.schedule.length} decisions):`);
    lines.push(...storyLines(replay).map((line) => `  ${line}`));
    lines.push(`  Then: ${outputText(replay.outcome)}`);
    if (replay.perInstructionOnly) lines.push("", perInstructionNote);
    lines.push("", `Replay: quizbot explore ${file} --schedule '${text}'`);
  }
  if (exploration.hang) lines.push("", hangText(exploration.hang));
  lines.push("", explorerLimits);
  return lines;
}

function verdictText(exploration: Extract<Exploration, { kind: "explored" }>): string {
  const distinct = exploration.outcomes.filter((outcome) => outcome.count > 0 || outcome.baseline).length;
  if (exploration.verdict === "deadlock") return "DEADLOCK: some schedules stop with every thread waiting.";
  if (exploration.verdict === "race") return `RACE: ${distinct} different outputs.`;
  return `SINGLE: one output in ${exploration.tried === 1 ? "the one schedule" : `all ${exploration.tried} schedules`} tried (not a proof that none other exists).`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
