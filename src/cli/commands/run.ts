import { readFile } from "node:fs/promises";
import { checkDeterminism, type Determinism } from "../../app/snippets/check-determinism.js";
import { loadConfig } from "../../config.js";
import type { RunResult } from "../../domain/ports/code-runner.js";
import { codeRunnerOptionsFrom, createCodeRunner } from "../../runner/index.js";
import { type CliCommand, type CliContext, UsageError } from "../command.js";

const backends = ["auto", "bwrap", "pyodide", "off"] as const;
type BackendChoice = (typeof backends)[number];

/** `quizbot run`: runs a Python file in the sandbox the bot uses, for operators and pack authors. */
export const runCommand: CliCommand = {
  name: "run",
  summary: "Run a Python file (or - for stdin) in the snippet sandbox and print the result",
  usage: "[--json] [--backend auto|bwrap|pyodide|off] [--repeat N] FILE|-",
  help: {
    json: "print one JSON object with the result fields",
    backend: "sandbox to use (default: RUNNER_BACKEND)",
    repeat: "run N times and report whether the outputs differed",
  },
  options: {
    json: { type: "boolean" },
    backend: { type: "string" },
    repeat: { type: "string" },
  },
  allowPositionals: true,
  async run(context) {
    const [source, ...extra] = context.positionals;
    if (source === undefined || extra.length > 0) throw new UsageError("expected one FILE or -");
    const repeat = parseRepeat(context.values.repeat);
    const backend = parseBackend(context.values.backend);
    const code = source === "-" ? await readAll(context.stdin) : await readFile(source, "utf8");
    const env = loadConfig(context.env).env;
    const options = codeRunnerOptionsFrom(env);
    const runner = await createCodeRunner({
      ...options,
      backend: backend ?? options.backend,
      // One run gains nothing from a warm sandbox; repeated runs do.
      warmPool: repeat > 1 ? Math.min(options.warmPool, repeat - 1) : 0,
    });
    try {
      const determinism = await checkDeterminism(runner, code, repeat);
      const [first] = determinism.runs;
      if (!first) return 1;
      report(context, first, repeat > 1 ? determinism : null, context.values.json === true);
      return determinism.runs.every((run) => run.status === "ok") ? 0 : 1;
    } finally {
      await runner.close();
    }
  },
};

function parseRepeat(value: unknown): number {
  if (value === undefined) return 1;
  const repeat = Number(value);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) {
    throw new UsageError("--repeat expects a whole number from 1 to 1000");
  }
  return repeat;
}

function parseBackend(value: unknown): BackendChoice | undefined {
  if (value === undefined) return undefined;
  const choice = backends.find((backend) => backend === value);
  if (!choice) throw new UsageError(`--backend expects one of ${backends.join(", ")}`);
  return choice;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function report(
  context: CliContext,
  result: RunResult,
  determinism: Determinism | null,
  json: boolean,
): void {
  if (json) {
    const repeat = determinism && {
      runs: determinism.runs.length,
      differed: determinism.differed,
      differingRuns: determinism.differingRuns,
      firstDifference: determinism.firstDifference,
    };
    context.stdout.write(`${JSON.stringify({ ...result, ...(repeat ? { repeat } : {}) })}\n`);
    return;
  }
  const lines = [
    `status:    ${result.status}${result.reason ? ` (${JSON.stringify(result.reason)})` : ""}`,
    `exit code: ${result.exitCode ?? "-"}`,
    `signal:    ${result.signal ?? "-"}`,
    `wall:      ${result.wallMs} ms`,
    `backend:   ${result.backend}`,
    `memory:    ${describeMemory(result)}`,
  ];
  if (determinism) lines.push(`repeat:    ${describeDeterminism(determinism)}`);
  lines.push(
    `--- stdout${result.stdoutTruncated ? " (truncated)" : ""} ---`,
    result.stdout.replace(/\n$/, ""),
  );
  lines.push(
    `--- stderr${result.stderrTruncated ? " (truncated)" : ""} ---`,
    result.stderr.replace(/\n$/, ""),
  );
  context.stdout.write(`${lines.join("\n")}\n`);
}

function describeDeterminism(determinism: Determinism): string {
  const runs = determinism.runs.length;
  if (!determinism.differed) return `${runs} runs, identical output`;
  const difference = determinism.firstDifference;
  const where = difference
    ? `; first difference in run ${difference.run}, ${difference.stream} line ${difference.line}: ${JSON.stringify(difference.first)} vs ${JSON.stringify(difference.other)}`
    : " (status differed)";
  return `${runs} runs, output differed in run(s) ${determinism.differingRuns.join(", ")}${where}`;
}

function describeMemory(result: RunResult): string {
  if (result.memoryGuard === undefined) return "-";
  const peak = result.peakMemoryBytes;
  return peak ? `${result.memoryGuard}, at most ${(peak / 1024 / 1024).toFixed(1)} MiB` : result.memoryGuard;
}
