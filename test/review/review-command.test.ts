import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { runQuizbot } from "../support/run-cli.js";

function fakeIo(stdinText = "") {
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
  return {
    io: { env: { LOG_LEVEL: "silent" }, stdout, stderr, stdin: Readable.from([stdinText]) },
    output: () => out,
    errors: () => err,
  };
}

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "quizbot-review-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("GIVEN the quizbot review command", () => {
  it("WHEN a file has findings and --json is given THEN it prints each with its fields and exits 1", async () => {
    const file = path.join(directory, "racy.py");
    await writeFile(file, "import asyncio, time\n\nasync def main():\n    time.sleep(1)\n");
    const { io, output } = fakeIo();
    await expect(runCli(["review", "--json", file], io)).resolves.toBe(1);
    const printed = JSON.parse(output());
    expect(printed).toMatchObject({ status: "reviewed" });
    expect(printed.findings).toEqual([
      expect.objectContaining({
        ruleId: "ASYNC251",
        line: 4,
        column: 5,
        title: expect.any(String),
        why: expect.any(String),
        fix: expect.any(String),
        docs: expect.stringMatching(/^https:\/\/docs\.python\.org/),
        tags: ["asyncio", "blocking"],
      }),
    ]);
  }, 120_000);

  it("WHEN it runs as its own process THEN it exits with its code once the review is printed", async () => {
    // The reviewer is a child process of the command: the command must wait for it, then end.
    const run = await runQuizbot(["review", "-"], {
      input:
        "import threading\ncounter = 0\ndef work():\n    global counter\n    counter += 1\n" +
        "t = threading.Thread(target=work)\nt.start()\nt.join()\n",
      timeoutMs: 90_000,
    });
    expect(run.stdout).toContain("QB102");
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
  }, 120_000);

  it("WHEN the code comes on stdin and is clean THEN it says what was checked and exits 0", async () => {
    const { io, output } = fakeIo(
      "import asyncio\n\nasync def main():\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n",
    );
    await expect(runCli(["review", "-"], io)).resolves.toBe(0);
    expect(output()).toContain("no concurrency problems found (checked: shared state and locks");
  }, 120_000);

  it("WHEN the code does not parse THEN it shows the line with a caret and exits 1", async () => {
    const { io, output } = fakeIo("def main()\n    pass\n");
    await expect(runCli(["review", "-"], io)).resolves.toBe(1);
    expect(output()).toMatch(/-:1:11: syntax-error .*\n.*\n {4}def main\(\)\n {14}\^/);
  }, 120_000);

  it("WHEN the file is missing or not text THEN it says so and exits 2", async () => {
    const missing = fakeIo();
    await expect(runCli(["review", path.join(directory, "nope.py")], missing.io)).resolves.toBe(2);
    expect(missing.errors()).toContain("ENOENT");
    const binary = path.join(directory, "binary.py");
    await writeFile(binary, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const notText = fakeIo();
    await expect(runCli(["review", binary], notText.io)).resolves.toBe(2);
    expect(notText.errors()).toContain("not UTF-8 text");
    const usage = fakeIo();
    await expect(runCli(["review"], usage.io)).resolves.toBe(2);
  });
});
