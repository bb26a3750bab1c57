import type { RunResult } from "../../domain/ports/code-runner.js";

/**
 * `/timeit` and `quizbot timeit`: Python's own `timeit` command line run inside the sandbox, verbose so
 * that autorange prints each step (`2000 loops -> 0.104 secs`) as it goes. The report is the line the
 * command line prints (`2000 loops, best of 5: 104 usec per loop`); a statement that runs past the wall
 * limit still says how far autorange got.
 */
export function timeitProgram(statement: string, setup = "pass"): string {
  // JSON string literals are Python string literals too; `--` keeps a statement starting with `-`
  // from being read as an option.
  const args = ["-v", "-s", setup.trim() === "" ? "pass" : setup, "--", statement];
  return `import sys, timeit\nsys.exit(timeit.main(${JSON.stringify(args)}))\n`;
}

/** What a timing came to. */
export type TimeitOutcome =
  | { readonly kind: "timed"; readonly loops: number; readonly repeats: number; readonly report: string }
  /** Past the wall limit: the last step autorange finished, if any (`loops` in `seconds`). */
  | { readonly kind: "unfinished"; readonly loops: number | null; readonly seconds: number | null }
  /** The statement or setup raised, or the run ended otherwise: its stderr says why. */
  | { readonly kind: "failed" };

const reportLine = /^(\d+) loops?, best of (\d+): [\d.]+ (?:nsec|usec|msec|sec) per loop$/m;
const stepLine = /^(\d+) loops? -> ([\d.e+-]+) secs?$/gm;

/** Reads a timing's result: the command line's report, or how far it got. */
export function timeitOutcome(result: RunResult): TimeitOutcome {
  const report = reportLine.exec(result.stdout);
  if (result.status === "ok" && report) {
    return { kind: "timed", loops: Number(report[1]), repeats: Number(report[2]), report: report[0] };
  }
  if (result.status === "timeout") {
    const last = [...result.stdout.matchAll(stepLine)].at(-1);
    return {
      kind: "unfinished",
      loops: last ? Number(last[1]) : null,
      seconds: last ? Number(last[2]) : null,
    };
  }
  return { kind: "failed" };
}
