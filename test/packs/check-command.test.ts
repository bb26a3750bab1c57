import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

const env = { QUIZ_PACKS_DIR: "test/packs/fixtures/valid", RUNNER_BACKEND: "bwrap", LOG_LEVEL: "silent" };

async function check(args: string[], stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const input = new PassThrough();
  input.end(stdin);
  const code = await runCli(["check", ...args], { env, stdout, stderr, stdin: input });
  return { code, out, err };
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "quizbot-check-"));
});

async function file(name: string, text: string): Promise<string> {
  const target = path.join(folder, name);
  await writeFile(target, text);
  return target;
}

describe("GIVEN quizbot check grading a file in the bwrap sandbox as the bot would", () => {
  it("WHEN every check passes THEN it lists them and exits 0", async () => {
    const attempt = await file("right.py", "def double_all(numbers):\n    return [n * 2 for n in numbers]\n");
    const { code, out } = await check(["sample-challenge", attempt]);
    expect(out).toMatch(/^sample-challenge: 2 of 2 checks passed \(bwrap, ok, \d+ ms\)\n/);
    expect(out).toContain("  pass  keeps order\n  pass  handles an empty list\n");
    expect(code).toBe(0);
  });

  it("WHEN a check fails THEN it names the check and its message, never its code, and exits 1", async () => {
    const attempt = "def double_all(numbers):\n    return sorted(n * 2 for n in numbers)\n";
    const { code, out } = await check(["sample-challenge", "-"], attempt);
    expect(out).toContain("1 of 2 checks passed");
    expect(out).toContain("  FAIL  keeps order\n        AssertionError\n");
    expect(out).not.toContain("assert double_all");
    expect(code).toBe(1);
  });

  it("WHEN the file does not import THEN it says so with the line, and exits 1", async () => {
    const attempt = await file("broken.py", "def double_all(numbers)\n    return numbers\n");
    const { code, out } = await check(["sample-challenge", attempt]);
    expect(out).toMatch(
      /solution\.py did not load, no check ran .*\n {2}SyntaxError: .*\(solution\.py line 1\)/,
    );
    expect(code).toBe(1);
  });

  it("WHEN the id is unknown, not a challenge, or the file unreadable THEN it explains and exits 2", async () => {
    const unknown = await check(["no-such-challenge", "-"]);
    expect(unknown.err).toBe("quizbot check: no-such-challenge is unknown; challenges: sample-challenge\n");
    expect(unknown.code).toBe(2);
    const notChallenge = await check(["sample-choice", "-"]);
    expect(notChallenge.err).toContain("sample-choice is not a challenge");
    expect(notChallenge.code).toBe(2);
    const missing = await check(["sample-challenge", path.join(folder, "absent.py")]);
    expect(missing.err).toBe(`quizbot check: cannot read ${path.join(folder, "absent.py")}: ENOENT\n`);
    expect(missing.code).toBe(2);
    const noFile = await check(["sample-challenge"]);
    expect(noFile.code).toBe(2);
  });
});

async function validateDeep(args: string[]) {
  return validateDeepWith({}, args);
}

async function validateDeepWith(extraEnv: Record<string, string>, args: string[]) {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await runCli(["validate", "--deep", ...args], {
    env: { ...env, ...extraEnv },
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
  });
  return { code, out };
}

describe("GIVEN quizbot validate --deep", () => {
  it("WHEN every wrong solution fails a check THEN it prints one line per solution, its time, and exits 0", async () => {
    const { code, out } = await validateDeep(["--runs", "2", "test/packs/fixtures/valid"]);
    expect(out).toContain("ok    sample-challenge reference: 2 passed\n");
    expect(out).toContain(
      "ok    sample-challenge wrong_solutions[0] (sorts the results): 2 failed; caught by: keeps order\n",
    );
    expect(out).toMatch(
      /deep check: 4 solutions of 1 challenges, 2 runs each on bwrap, \d at once, in \d+\.\d s: all behaved\n$/,
    );
    expect(code).toBe(0);
  });

  it("WHEN --python names more interpreters THEN every solution is proved on the default and on each", async () => {
    // The env above lists python3 alone, as most tests do; here the runner discovers the machine's.
    const { code, out } = await validateDeepWith({ RUNNER_INTERPRETERS: "auto" }, [
      "--runs",
      "1",
      "--python",
      "3.13",
      "test/packs/fixtures/valid",
    ]);
    expect(out).toContain("ok    sample-challenge reference on 3.13: 1 passed\n");
    expect(out).toMatch(/ok {4}sample-challenge reference on 3\.1[0-9]: 1 passed\n[\s\S]*on 3\.13/);
    expect(out).toMatch(/deep check: 8 solutions of 1 challenges, 1 runs each on bwrap \([\d.]+, 3\.13\)/);
    expect(code).toBe(0);
    const unknown = await validateDeepWith({ RUNNER_INTERPRETERS: "auto" }, [
      "--python",
      "2.1",
      "test/packs/fixtures/valid",
    ]);
    expect(unknown.code).toBe(2);
  });

  it("WHEN a wrong solution passes every check THEN it is named and the exit code is 1", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "quizbot-deep-"));
    const more = await readFile("test/packs/fixtures/valid/sample/more.yaml", "utf8");
    await mkdir(path.join(root, "sample"));
    await writeFile(
      path.join(root, "sample/pack.yaml"),
      await readFile("test/packs/fixtures/valid/sample/pack.yaml"),
    );
    await writeFile(
      path.join(root, "sample/more.yaml"),
      more.replace("return [n * n for n in numbers]", "return [n + n for n in numbers]"),
    );
    const { code, out } = await validateDeep(["--runs", "1", root]);
    expect(out).toContain(
      "FAIL  sample-challenge wrong_solutions[1] (squares instead of doubling): 1 passed, wanted every run failed",
    );
    expect(out).toContain(": 1 did not\n");
    expect(code).toBe(1);
  });
});
