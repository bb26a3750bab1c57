import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverInterpreters, type FoundInterpreter } from "../../src/runner/index.js";
import { type CliRun, runQuizbot } from "../support/run-cli.js";

/**
 * `/run python:NAME`, Run again and Compare interpreters in the console, a real process with two
 * CPython minor versions where this machine has them (RUNNER_PYTHON and the newest other).
 */
describe("/run python: and Compare interpreters in the console", () => {
  let dataDir: string;
  let run: CliRun;
  let chosen: FoundInterpreter;
  let offered: FoundInterpreter[];

  beforeAll(async () => {
    const { found } = await discoverInterpreters({ python: "python3", list: "auto", pyodide: false });
    const [first, ...rest] = found.filter((interpreter) => interpreter.backend === "bwrap");
    if (!first) throw new Error("no CPython on this machine");
    const minor = (version: string) => version.split(".").slice(0, 2).join(".");
    const second = rest.filter((i) => minor(i.version) !== minor(first.version)).at(-1);
    if (!second) console.info("only one CPython minor version here: the comparison has one row");
    offered = [first, second].filter((i) => i !== undefined);
    chosen = second ?? first;
    dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-console-interpreters-"));
    const script = [
      "/as Alice",
      `/run python:${chosen.name} \`\`\`python`,
      "import sys",
      "print('hello')",
      "print(sys.version_info[:2])",
      "```",
      // Run again, then (as Bob) Compare interpreters under the rerun.
      "!1",
      "/as Bob",
      offered.length > 1 ? "!3" : "",
      // The form: code, then standard input (a fenced block for several lines).
      "/run",
      "print(input() * int(input()))",
      "```",
      "ab",
      "3",
      "```",
      "/run",
      "print(input())",
      "-",
      "/run ```python",
      "import os",
      "os.makedirs('output')",
      "open('output/notes.txt', 'w').write('kept for later')",
      "```",
      "/timeit ```python",
      "x = [1, 2, 3]",
      "```",
      "```python",
      "len(x)",
      "```",
      "",
    ].join("\n");
    run = await runQuizbot(["start", "--platform", "console", "--data-dir", dataDir], {
      input: script,
      env: {
        RUNNER_BACKEND: "bwrap",
        RUNNER_WARM_POOL: "0",
        RUNNER_PYTHON: first.name,
        RUNNER_INTERPRETERS: offered.map((i) => `${i.name}=${i.python}`).join(","),
      },
      timeoutMs: 170_000,
    });
  }, 200_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const version = () => {
    const [major, minor] = chosen.version.split(".");
    return `(${major}, ${minor})`;
  };

  it("GIVEN /run python:NAME THEN that interpreter runs it, and Run again keeps it", () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Run: snippet by Alice");
    expect(run.stdout).toContain("Run again: snippet by Alice");
    expect(run.stdout.split(`Python ${chosen.name}`).length - 1).toBeGreaterThanOrEqual(2);
    expect(run.stdout.split(version()).length - 1).toBeGreaterThanOrEqual(2);
  });

  it("GIVEN Compare interpreters under the result THEN each interpreter has its row, with the first differing line", () => {
    if (offered.length < 2) return;
    expect(run.stdout).toContain("[!3] Compare interpreters");
    for (const interpreter of offered) expect(run.stdout).toContain(interpreter.name);
    expect(run.stdout).toContain("differs at stdout line 2");
    expect(run.stdout).toContain("No free-threaded build");
  });

  it("GIVEN /run alone THEN the form asks for the code and then for optional standard input, which input() reads; - gives none", () => {
    expect(run.stdout).toContain("Standard input (optional): (- for none)");
    expect(run.stdout).toMatch(/│ ababab$/m);
    expect(run.stdout).toContain("EOFError: EOF when reading a line");
  });

  it("GIVEN a snippet that writes under ./output THEN the console saves the file under DATA_DIR and prints its path", async () => {
    expect(run.stdout).toContain("Files from ./output/: notes.txt (14 bytes)");
    const saved = /^(\/.*\/files\/message-\d+\/notes\.txt)$/m.exec(run.stdout)?.[1];
    expect(saved?.startsWith(dataDir)).toBe(true);
    expect(await readFile(saved ?? "", "utf8")).toBe("kept for later");
  });

  it("GIVEN /timeit with a setup block and a statement block THEN the console shows timeit's report", () => {
    expect(run.stdout).toContain("Timing: snippet by Bob");
    expect(run.stdout).toMatch(/\d+ loops?, best of 5: [\d.]+ (nsec|usec|msec) per loop/);
  });
});
