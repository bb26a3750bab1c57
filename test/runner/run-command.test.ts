import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { detectDelegatedCgroup } from "../../src/runner/bwrap/sandbox-cgroups.js";

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
  const env = { RUNNER_BACKEND: "bwrap", RUNNER_WARM_POOL: "0", LOG_LEVEL: "silent" };
  return {
    io: { env, stdout, stderr, stdin: Readable.from([stdinText]) },
    output: () => out,
    errors: () => err,
  };
}

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "quizbot-run-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("GIVEN the quizbot run command", () => {
  it("WHEN it runs a file with --json THEN it prints one JSON result and exits 0", async () => {
    const file = path.join(directory, "hello.py");
    await writeFile(file, "print('hello from a file')\n");
    const { io, output } = fakeIo();
    const code = await runCli(["run", "--json", file], io);
    expect(code).toBe(0);
    expect(JSON.parse(output())).toMatchObject({
      status: "ok",
      exitCode: 0,
      signal: null,
      stdout: "hello from a file\n",
      stderr: "",
      stdoutTruncated: false,
      backend: "bwrap",
      // Which mechanism held the sandbox's total memory: the kernel where the host delegates a cgroup.
      memoryGuard: detectDelegatedCgroup().available ? "cgroup" : "watchdog",
    });
  });

  it("WHEN the program comes on stdin and fails THEN the JSON says error and the exit code is 1", async () => {
    const { io, output } = fakeIo("import sys\nprint('partial')\nsys.exit(4)\n");
    const code = await runCli(["run", "--json", "-"], io);
    expect(code).toBe(1);
    expect(JSON.parse(output())).toMatchObject({ status: "error", exitCode: 4, stdout: "partial\n" });
  });

  it("WHEN --repeat runs a program whose output changes THEN the report names the first differing line", async () => {
    const { io, output } = fakeIo("import random\nprint('same')\nprint(random.random())\n");
    const code = await runCli(["run", "--repeat", "3", "-"], io);
    expect(code).toBe(0);
    expect(output()).toMatch(/^status: +ok$/m);
    expect(output()).toMatch(
      /^repeat: +3 runs, output differed in run\(s\) 2, 3; first difference in run 2, stdout line 2: /m,
    );
  });

  it("WHEN --backend is not a backend THEN it is a usage error", async () => {
    const { io, errors } = fakeIo("print(1)");
    expect(await runCli(["run", "--backend", "docker", "-"], io)).toBe(2);
    expect(errors()).toContain("--backend expects one of auto, bwrap, pyodide, off");
  });

  it("WHEN --input names a file THEN input() reads it, and the program may come on stdin beside it", async () => {
    const input = path.join(directory, "input.txt");
    await writeFile(input, "Ada\n2\n");
    const { io, output } = fakeIo("name = input()\nprint(name * int(input()))\n");
    expect(await runCli(["run", "--json", "--input", input, "-"], io)).toBe(0);
    expect(JSON.parse(output())).toMatchObject({ status: "ok", stdout: "AdaAda\n" });
  });

  it("WHEN --input is over 20 KiB, or both the program and its input would come on stdin THEN it is a usage error", async () => {
    const input = path.join(directory, "big.txt");
    await writeFile(input, "x".repeat(20 * 1024 + 1));
    const big = fakeIo("print(1)");
    expect(await runCli(["run", "--input", input, "-"], big.io)).toBe(2);
    expect(big.errors()).toContain("--input is larger than 20 KiB");
    const both = fakeIo("print(1)");
    expect(await runCli(["run", "--input", "-", "-"], both.io)).toBe(2);
    expect(both.errors()).toContain("--input - needs the program in a FILE");
  });

  it("WHEN the program writes under ./output with --output-dir THEN the files are saved there and --json lists them by name, type and size", async () => {
    const saved = path.join(directory, "saved");
    const { io, output } = fakeIo(
      "import os\nos.makedirs('output')\nopen('output/a.csv', 'w').write('1,2\\n')\n",
    );
    expect(await runCli(["run", "--json", "--output-dir", saved, "-"], io)).toBe(0);
    const result = JSON.parse(output());
    expect(result).toMatchObject({
      interpreter: expect.any(String),
      files: [{ name: "a.csv", type: "text", size: 4 }],
    });
    expect(await readFile(path.join(saved, "a.csv"), "utf8")).toBe("1,2\n");
  });
});
