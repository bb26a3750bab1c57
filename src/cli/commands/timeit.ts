import { compareInterpreters } from "../../app/snippets/compare-interpreters.js";
import { type TimeitOutcome, timeitOutcome, timeitProgram } from "../../app/snippets/timeit-program.js";
import { loadConfig } from "../../config.js";
import type { RunResult } from "../../domain/ports/code-runner.js";
import { codeRunnerOptionsFrom, createCodeRunner, interpretersFrom } from "../../runner/index.js";
import { type CliCommand, type CliContext, UsageError } from "../command.js";

/** `quizbot timeit`: Python's timeit, with autorange, in the snippet sandbox. */
export const timeitCommand: CliCommand = {
  name: "timeit",
  summary: "Time a Python statement in the snippet sandbox, as python -m timeit does",
  usage: "[--setup CODE] [--python NAME | --compare] [--json] CODE",
  help: {
    setup: "code run once before the timing (imports, data)",
    python: "interpreter to time on, by name (see quizbot run --interpreters; default: RUNNER_PYTHON)",
    compare: "time it on every interpreter, one after another",
    json: "print one JSON object per interpreter with the report and the run's fields",
  },
  options: {
    setup: { type: "string" },
    python: { type: "string" },
    compare: { type: "boolean" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run(context) {
    const statement = context.positionals.join("\n");
    if (statement.trim() === "") throw new UsageError("expected the statement to time");
    const setup = typeof context.values.setup === "string" ? context.values.setup : "pass";
    const python = typeof context.values.python === "string" ? context.values.python : undefined;
    const compare = context.values.compare === true;
    if (compare && python !== undefined)
      throw new UsageError("--compare times every interpreter: leave out --python");
    const env = loadConfig(context.env).env;
    const found = compare || python !== undefined ? (await interpretersFrom(env)).found : undefined;
    const chosen = found && (compare ? found : found.filter((interpreter) => interpreter.name === python));
    if (chosen?.length === 0) {
      const names = (found ?? []).map((interpreter) => interpreter.name).join(", ");
      throw new UsageError(`no interpreter named ${python} (found: ${names || "none"})`);
    }
    const runner = await createCodeRunner({
      ...codeRunnerOptionsFrom(env),
      ...(chosen ? { interpreters: chosen } : {}),
      warmPool: 0,
      zygote: false, // one timing: starting zygotes would cost more than its one bwrap
    });
    try {
      const code = timeitProgram(statement, setup);
      const results = compare
        ? (await compareInterpreters(runner, runner.interpreters(), { code })).map(
            (outcome) => outcome.result,
          )
        : [await runner.run({ code })];
      for (const result of results)
        report(context, result, timeitOutcome(result), context.values.json === true);
      return results.every((result) => timeitOutcome(result).kind === "timed") ? 0 : 1;
    } finally {
      await runner.close();
    }
  },
};

function report(context: CliContext, result: RunResult, outcome: TimeitOutcome, json: boolean): void {
  const name = result.interpreter ?? result.backend;
  if (json) {
    const { files: _files, ...rest } = result;
    context.stdout.write(
      `${JSON.stringify({ ...rest, interpreter: result.interpreter ?? null, timeit: outcome })}\n`,
    );
    return;
  }
  context.stdout.write(`${name}: ${describe(result, outcome)}\n`);
  if (outcome.kind === "failed" && result.stderr !== "")
    context.stdout.write(result.stderr.replace(/\n?$/, "\n"));
}

/** The report, as `python -m timeit` prints it, or what stopped it. */
export function describe(result: RunResult, outcome: TimeitOutcome): string {
  switch (outcome.kind) {
    case "timed":
      return outcome.report;
    case "unfinished":
      return outcome.loops === null
        ? `stopped at the wall limit (${result.wallMs} ms) before one loop finished`
        : `stopped at the wall limit (${result.wallMs} ms); autorange got as far as ${outcome.loops} loop${outcome.loops === 1 ? "" : "s"} in ${outcome.seconds} s`;
    case "failed":
      return `${result.status}${result.reason ? ` (${result.reason.code})` : ""}`;
  }
}
