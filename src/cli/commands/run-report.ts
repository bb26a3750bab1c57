import type { Determinism } from "../../app/snippets/check-determinism.js";
import type { InterpreterOutcome } from "../../app/snippets/compare-interpreters.js";
import type { InterpreterInfo, RunResult } from "../../domain/ports/code-runner.js";
import type { FoundInterpreter } from "../../runner/index.js";
import type { CliContext } from "../command.js";

/** One run as text (or JSON), with the repeat check when there was one. */
export function reportRun(
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
    context.stdout.write(`${JSON.stringify({ ...jsonResult(result), ...(repeat ? { repeat } : {}) })}\n`);
    return;
  }
  const lines = [
    `status:      ${result.status}${result.reason ? ` (${JSON.stringify(result.reason)})` : ""}`,
    `exit code:   ${result.exitCode ?? "-"}`,
    `signal:      ${result.signal ?? "-"}`,
    `wall:        ${result.wallMs} ms`,
    `cpu:         ${result.cpuMs === undefined ? "-" : `${result.cpuMs} ms`}`,
    `backend:     ${result.backend}`,
    `interpreter: ${result.interpreter ?? "-"}`,
    `memory:      ${describeMemory(result)}`,
  ];
  if (determinism) lines.push(`repeat:      ${describeDeterminism(determinism)}`);
  for (const file of result.files ?? [])
    lines.push(`file:        ${file.name} (${file.data.byteLength} bytes)`);
  for (const file of result.filesLeftOut ?? []) lines.push(`left out:    ${file.name} (${file.reason})`);
  lines.push(
    `--- stdout${result.stdoutTruncated ? " (truncated)" : ""} ---`,
    result.stdout.replace(/\n$/, ""),
    `--- stderr${result.stderrTruncated ? " (truncated)" : ""} ---`,
    result.stderr.replace(/\n$/, ""),
  );
  context.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * A result as JSON: every field, with the interpreter named (null when none ran) and the output files
 * by name, type and size (their contents go to --output-dir).
 */
function jsonResult(result: RunResult) {
  const { files, ...rest } = result;
  return {
    ...rest,
    interpreter: result.interpreter ?? null,
    files: (files ?? []).map((file) => ({ name: file.name, type: file.type, size: file.data.byteLength })),
  };
}

/** One row per interpreter: status, wall and CPU time, and whether its output matched the first's. */
export function reportComparison(
  context: CliContext,
  outcomes: readonly InterpreterOutcome[],
  json: boolean,
): void {
  if (json) {
    const results = outcomes.map((outcome) => ({
      ...jsonResult(outcome.result),
      interpreter: outcome.interpreter.name,
      version: outcome.interpreter.version,
      sameOutput: outcome.sameOutput,
      firstDifference: outcome.firstDifference,
    }));
    context.stdout.write(`${JSON.stringify({ results })}\n`);
    return;
  }
  const rows = outcomes.map((outcome, index) => [
    outcome.interpreter.name,
    outcome.interpreter.version,
    outcome.result.status,
    `${outcome.result.wallMs} ms`,
    outcome.result.cpuMs === undefined ? "-" : `${outcome.result.cpuMs} ms`,
    index === 0 ? "reference" : describeOutcome(outcome),
  ]);
  const [first] = outcomes;
  context.stdout.write(`${table(["interpreter", "version", "status", "wall", "cpu", "output"], rows)}\n`);
  if (first) {
    context.stdout.write(
      `--- stdout of ${first.interpreter.name} ---\n${first.result.stdout.replace(/\n$/, "")}\n`,
    );
  }
  if (!outcomes.some((outcome) => outcome.interpreter.freeThreaded)) {
    context.stdout.write("(no free-threaded build is installed: every CPython here has the GIL)\n");
  }
}

/** The interpreters a runner started, and the candidates it left out. */
export function reportInterpreters(
  context: CliContext,
  started: readonly InterpreterInfo[],
  found: readonly FoundInterpreter[],
  skipped: readonly string[],
  json: boolean,
): void {
  const command = (name: string) => found.find((candidate) => candidate.name === name)?.python ?? "-";
  const failed = found.filter((candidate) => !started.some((info) => info.name === candidate.name));
  const left = [...failed.map((candidate) => `${candidate.python}: its sandbox did not start`), ...skipped];
  if (json) {
    const interpreters = started.map((info) => ({ ...info, python: command(info.name) }));
    context.stdout.write(`${JSON.stringify({ interpreters, skipped: left })}\n`);
    return;
  }
  const rows = started.map((info, index) => [
    info.name,
    info.version,
    info.backend === "pyodide" ? "pyodide (no threads or processes)" : "bwrap",
    info.freeThreaded ? "free-threaded" : "GIL",
    command(info.name),
    index === 0 ? "default" : "",
  ]);
  const lines = [table(["name", "version", "backend", "threads", "python", ""], rows)];
  for (const line of left) lines.push(`not offered: ${line}`);
  context.stdout.write(`${lines.join("\n")}\n`);
}

function describeOutcome(outcome: InterpreterOutcome): string {
  if (outcome.sameOutput) return "identical";
  const reason = outcome.result.reason;
  if (reason) return `not run: ${Object.values(reason).join(" ")}`;
  const difference = outcome.firstDifference;
  if (!difference) return "same output, other status";
  return `${difference.stream} line ${difference.line}: ${JSON.stringify(difference.other)} (reference ${JSON.stringify(difference.first)})`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

function describeMemory(result: RunResult): string {
  if (result.memoryGuard === undefined) return "-";
  const peak = result.peakMemoryBytes;
  return peak ? `${result.memoryGuard}, at most ${(peak / 1024 / 1024).toFixed(1)} MiB` : result.memoryGuard;
}

function describeDeterminism(determinism: Determinism): string {
  const runs = determinism.runs.length;
  const runsText = `${runs} ${runs === 1 ? "run" : "runs"}`;
  if (!determinism.differed) return `${runsText}, identical output`;
  const difference = determinism.firstDifference;
  const where = difference
    ? `; first difference in run ${difference.run}, ${difference.stream} line ${difference.line}: ${JSON.stringify(difference.first)} vs ${JSON.stringify(difference.other)}`
    : " (status differed)";
  return `${runsText}, output differed in run(s) ${determinism.differingRuns.join(", ")}${where}`;
}
