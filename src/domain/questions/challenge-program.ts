import { CHALLENGE_HARNESS } from "./challenge-harness-source.js";
import type { ChallengeQuestion } from "./question.js";

/** What the runner executes for one challenge attempt: `code` as the main module, `files` beside it. */
export interface ChallengeProgram {
  readonly code: string;
  readonly files: Readonly<Record<string, string>>;
  /** The member's attempt is this file, not the program: it is what the snippet limit holds. */
  readonly memberFile: string;
  /** The nonce line the harness reads before it imports the member's code. */
  readonly stdin: string;
}

export interface ChallengeCheckResult {
  readonly name: string;
  readonly passed: boolean;
  /** The exception's last line, e.g. `AssertionError` or `NameError: name '___' is not defined (solution.py line 2)`. */
  readonly error?: string;
}

/** The harness's verdict. When the member's module did not import, `loadError` says why and no check ran. */
export interface ChallengeReport {
  readonly loadError?: string;
  readonly checks: readonly ChallengeCheckResult[];
}

/** The member's code is importable under this name, which the checks rely on (`from solution import f`). */
export const SOLUTION_FILE = "solution.py";

const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Builds the program that checks a member's attempt at a challenge. Pure string building: the caller
 * supplies a fresh random `nonce` for every run (at least 16 URL-safe characters) and hands the result
 * to the code runner; `parseChallengeReport` reads the verdict back from stdout.
 * Works as-is with `python3 -I main.py` in a folder holding the files.
 */
export function challengeProgram(
  challenge: Pick<ChallengeQuestion, "checks">,
  memberCode: string,
  nonce: string,
): ChallengeProgram {
  if (!NONCE.test(nonce)) throw new Error("challengeProgram needs a nonce of 16-128 URL-safe characters");
  const checks = challenge.checks
    .map((check) => `    (${pythonString(check.name)}, ${pythonString(check.code)}),`)
    .join("\n");
  return {
    code: CHALLENGE_HARNESS.replace("__CHECKS__", () => `[\n${checks}\n]`),
    files: { [SOLUTION_FILE]: memberCode },
    memberFile: SOLUTION_FILE,
    stdin: `${nonce}\n`,
  };
}

/**
 * Reads the harness's report from a run's stdout. Only a line that starts with this run's nonce counts,
 * and the last such line wins; `undefined` when there is none or it is malformed (the member's code
 * crashed the interpreter, flooded the output past the limit or the run timed out).
 */
export function parseChallengeReport(stdout: string, nonce: string): ChallengeReport | undefined {
  if (!NONCE.test(nonce)) return undefined;
  const prefix = `${nonce} `;
  const line = stdout
    .split(/\r?\n/)
    .reverse()
    .find((candidate) => candidate.startsWith(prefix));
  if (line === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line.slice(prefix.length));
  } catch {
    return undefined;
  }
  return asReport(data);
}

/** True when the member's code loaded and passed every check (a report without checks is no pass). */
export function challengePassed(report: ChallengeReport | undefined): boolean {
  return (
    report !== undefined &&
    report.loadError === undefined &&
    report.checks.length > 0 &&
    report.checks.every((check) => check.passed)
  );
}

/**
 * A JSON string literal is also a valid Python string literal: both know `\"`, `\\`, `\n`, `\t`,
 * `\uXXXX`, and JSON.stringify escapes every control character.
 */
function pythonString(value: string): string {
  return JSON.stringify(value);
}

function asReport(data: unknown): ChallengeReport | undefined {
  if (!isRecord(data) || !Array.isArray(data.checks)) return undefined;
  const checks: ChallengeCheckResult[] = [];
  for (const item of data.checks) {
    if (!isRecord(item) || typeof item.name !== "string" || typeof item.passed !== "boolean")
      return undefined;
    if (item.error !== undefined && typeof item.error !== "string") return undefined;
    checks.push(
      typeof item.error === "string"
        ? { name: item.name, passed: item.passed, error: item.error }
        : { name: item.name, passed: item.passed },
    );
  }
  if (data.loadError === undefined) return { checks };
  return typeof data.loadError === "string" ? { loadError: data.loadError, checks } : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
