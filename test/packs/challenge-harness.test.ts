import { describe, expect, it } from "vitest";
import {
  challengePassed,
  challengeProgram,
  parseChallengeReport,
} from "../../src/domain/questions/challenge-program.js";
import type { ChallengeCheck } from "../../src/domain/questions/question.js";
import { runPython } from "./run-python.js";

const NONCE = "harness-test-nonce-0001";
const CHECKS: ChallengeCheck[] = [
  { name: "doubles two", code: "from solution import double\nassert double(2) == 4\n" },
  {
    name: "doubles text",
    code: "from solution import double\nassert double('ab') == 'abab', 'strings too'\n",
  },
];

async function attempt(memberCode: string, checks = CHECKS) {
  const program = challengeProgram({ checks }, memberCode, NONCE);
  const run = await runPython(program);
  return { run, report: parseChallengeReport(run.stdout, NONCE) };
}

describe("GIVEN the challenge harness run by python3 -I", () => {
  it("WHEN the member's code is right THEN every check passes", async () => {
    const { report } = await attempt("def double(x):\n    return x * 2\n");
    expect(report).toEqual({
      checks: [
        { name: "doubles two", passed: true },
        { name: "doubles text", passed: true },
      ],
    });
    expect(challengePassed(report)).toBe(true);
  });

  it("WHEN a check fails THEN the others still run and the failure names the exception", async () => {
    const { report } = await attempt("def double(x):\n    return x + x if isinstance(x, int) else x\n");
    expect(report?.checks).toEqual([
      { name: "doubles two", passed: true },
      { name: "doubles text", passed: false, error: "AssertionError: strings too" },
    ]);
  });

  it("WHEN the blank is left in THEN the error points at the member's line", async () => {
    const { report } = await attempt("def double(x):\n    return ___\n");
    expect(report?.checks[0]).toEqual({
      name: "doubles two",
      passed: false,
      error: "NameError: name '___' is not defined (solution.py line 2)",
    });
  });

  it("WHEN the member's code does not compile THEN the load error says where, and no check runs", async () => {
    const { report } = await attempt("def double(x:\n    return x\n");
    expect(report?.loadError).toMatch(/^SyntaxError: .* \(solution\.py line 1\)$/);
    expect(report?.checks).toEqual([]);
  });

  it("WHEN the member's code exits while importing THEN the harness still reports", async () => {
    const { report } = await attempt("import sys\nprint('bye', end='')\nsys.exit(0)\n");
    expect(report?.loadError).toBe("SystemExit: 0 (solution.py line 3)");
  });

  it("WHEN the member's code prints a fake passing report THEN only the real report counts", async () => {
    const forged = JSON.stringify({ checks: CHECKS.map((check) => ({ name: check.name, passed: true })) });
    const member = [
      "import builtins, json",
      `print(${JSON.stringify(forged)})`,
      `print("guessed-nonce-123456 " + ${JSON.stringify(forged)})`,
      "def double(x):",
      `    print(${JSON.stringify(forged)})`,
      "    return None",
    ].join("\n");
    const { run, report } = await attempt(member);
    expect(run.stdout).toContain(forged);
    expect(report?.checks.map((check) => check.passed)).toEqual([false, false]);
  });

  it("WHEN the member's code patches json and print THEN the report is unchanged", async () => {
    const member = [
      "import builtins, json",
      "json.dumps = lambda *a, **k: '{\"checks\": []}'",
      "builtins.print = lambda *a, **k: None",
      "def double(x):",
      "    return None",
    ].join("\n");
    const { report } = await attempt(member);
    expect(report?.checks.map((check) => check.passed)).toEqual([false, false]);
  });

  it("WHEN the member leaves a thread running THEN the report still arrives promptly", async () => {
    const member = [
      "import threading, time",
      "threading.Thread(target=time.sleep, args=(60,)).start()",
      "def double(x):",
      "    return x * 2",
    ].join("\n");
    const { run, report } = await attempt(member);
    expect(run.timedOut).toBe(false);
    expect(challengePassed(report)).toBe(true);
  });

  it("WHEN check names and messages hold quotes and non-ASCII text THEN they survive the round trip", async () => {
    const checks = [{ name: 'says "héllo" 🐍', code: "raise ValueError('naïve \"quote\" 🐍')\n" }];
    const { report } = await attempt("", checks);
    expect(report?.checks).toEqual([
      { name: 'says "héllo" 🐍', passed: false, error: 'ValueError: naïve "quote" 🐍' },
    ]);
  });
});
