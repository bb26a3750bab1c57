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

/**
 * The statement and setup back out of a program `timeitProgram` made, for the buttons under a timing
 * (the stored run keeps the program it ran). Anything else, a member's own snippet above all, is not a
 * timing: undefined.
 */
export function timeitArguments(program: string): { statement: string; setup: string } | undefined {
  const match = /^import sys, timeit\nsys\.exit\(timeit\.main\((\[.*\])\)\)\n$/s.exec(program);
  if (!match?.[1]) return undefined;
  let args: unknown;
  try {
    args = JSON.parse(match[1]);
  } catch {
    return undefined;
  }
  if (!Array.isArray(args) || args.length !== 5) return undefined;
  const [verbose, setupFlag, setup, separator, statement] = args;
  if (verbose !== "-v" || setupFlag !== "-s" || separator !== "--") return undefined;
  if (typeof setup !== "string" || typeof statement !== "string") return undefined;
  return { statement, setup };
}

const unitSeconds = { nsec: 1e-9, usec: 1e-6, msec: 1e-3, sec: 1 } as const;

/** Seconds per loop in a report line (`104 usec per loop` is 0.000104), to rank interpreters by. */
export function secondsPerLoop(report: string): number | undefined {
  const match = /: ([\d.]+) (nsec|usec|msec|sec) per loop$/.exec(report);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds];
}
