import type { CodeRunner, RunRequest, RunResult } from "../../domain/ports/code-runner.js";

export interface LineDifference {
  /** The run (1-based) whose output first differs from run 1. */
  readonly run: number;
  readonly stream: "stdout" | "stderr";
  /** 1-based line number. */
  readonly line: number;
  /** The line in run 1 and in the other run; null where that output has no such line. */
  readonly first: string | null;
  readonly other: string | null;
}

export interface Determinism {
  readonly differed: boolean;
  /** Runs (1-based) whose status, stdout or stderr differ from run 1. */
  readonly differingRuns: readonly number[];
  readonly firstDifference: LineDifference | null;
  readonly runs: readonly RunResult[];
}

/**
 * Runs the same code `times` times, one after another, and compares every run with the first:
 * the check behind "is this output the same each time?" questions (hash ordering, thread timing).
 */
export async function checkDeterminism(
  runner: CodeRunner,
  snippet: string | RunRequest,
  times = 5,
): Promise<Determinism> {
  const request = typeof snippet === "string" ? { code: snippet } : snippet;
  const runs: RunResult[] = [];
  for (let index = 0; index < times; index++) runs.push(await runner.run(request));
  const [first, ...others] = runs;
  if (!first) return { differed: false, differingRuns: [], firstDifference: null, runs };
  const differingRuns: number[] = [];
  let firstDifference: LineDifference | null = null;
  for (const [index, other] of others.entries()) {
    const run = index + 2;
    const difference =
      lineDifference(run, "stdout", first.stdout, other.stdout) ??
      lineDifference(run, "stderr", first.stderr, other.stderr);
    if (difference === null && other.status === first.status) continue;
    differingRuns.push(run);
    firstDifference ??= difference;
  }
  return { differed: differingRuns.length > 0, differingRuns, firstDifference, runs };
}

/** The first line where two outputs differ (1-based), or null when they are the same. */
export function lineDifference(
  run: number,
  stream: "stdout" | "stderr",
  first: string,
  other: string,
): LineDifference | null {
  if (first === other) return null;
  const a = first.split("\n");
  const b = other.split("\n");
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    if (a[index] !== b[index]) {
      return { run, stream, line: index + 1, first: a[index] ?? null, other: b[index] ?? null };
    }
  }
  return null;
}
