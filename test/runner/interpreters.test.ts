import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareInterpreters } from "../../src/app/snippets/compare-interpreters.js";
import { runCli } from "../../src/cli/main.js";
import {
  createCodeRunner,
  discoverInterpreters,
  type FoundInterpreter,
  parseInterpreterList,
  parseRunLimits,
  type StartedCodeRunner,
} from "../../src/runner/index.js";
import { testMarker } from "./bwrap-runner.js";
import { processesWith } from "./host-processes.js";
import { expectNoKeyBetweenRuns } from "./keyring-runs.js";

const marker = testMarker("interpreters");
let found: readonly FoundInterpreter[];
let skipped: readonly string[];
/** The default and at most two more CPythons: enough to compare, cheap enough to start in every test run. */
let chosen: FoundInterpreter[];
let runner: StartedCodeRunner;

beforeAll(async () => {
  ({ found, skipped } = await discoverInterpreters({ python: "python3", list: "auto" }));
  const cpythons = found.filter((interpreter) => interpreter.backend === "bwrap");
  chosen = [
    ...cpythons.slice(0, 1),
    ...cpythons
      .slice(1)
      .filter((i) => /^3\.1[23]/.test(i.version))
      .slice(-2),
  ];
  console.info(
    `interpreters found: ${found.map((i) => `${i.name} (${i.version})`).join(", ")}; used here: ${chosen.map((i) => i.name).join(", ")}; skipped: ${skipped.join("; ") || "none"}`,
  );
  runner = await createCodeRunner({
    backend: "bwrap",
    python: "python3",
    concurrency: 2,
    queueSize: 16,
    warmPool: 0,
    limits: parseRunLimits({ wallMs: 4_000, cpuSeconds: 2 }),
    sandboxMarker: marker,
    interpreters: chosen,
  });
});

afterAll(async () => {
  await runner?.close();
  expect(await processesWith(marker)).toEqual([]);
});

describe("GIVEN RUNNER_INTERPRETERS", () => {
  it("WHEN it is auto or empty THEN the machine's interpreters are discovered", () => {
    expect(parseInterpreterList("auto")).toBe("auto");
    expect(parseInterpreterList(" ")).toBe("auto");
  });

  it("WHEN it lists name=command pairs THEN each is kept in order, and a bare pyodide adds Pyodide", () => {
    expect(parseInterpreterList("3.11=python3.11, 3.13t=/opt/py/bin/python3.13t,pyodide")).toEqual([
      { name: "3.11", python: "python3.11" },
      { name: "3.13t", python: "/opt/py/bin/python3.13t" },
      { name: "pyodide", python: "pyodide" },
    ]);
  });

  it("WHEN a name is odd, repeated or has no command THEN the message names it", () => {
    expect(() => parseInterpreterList("a b=python3")).toThrow(/"a b"/);
    expect(() => parseInterpreterList("x=python3,x=python3.11")).toThrow(/x is listed twice/);
    expect(() => parseInterpreterList("x=")).toThrow(/x has no command/);
  });
});

describe("GIVEN the interpreters on this machine", () => {
  it("WHEN they are discovered THEN RUNNER_PYTHON comes first, names are unique and Pyodide is one more", () => {
    expect(found[0]?.python).toBe("python3");
    const names = found.map((interpreter) => interpreter.name);
    expect(new Set(names).size).toBe(names.length);
    expect(found.at(-1)).toMatchObject({ name: "pyodide", backend: "pyodide" });
    for (const interpreter of found.filter((i) => i.backend === "bwrap")) {
      expect(interpreter.name).toMatch(/^\d+\.\d+(\.\d+)?t?$/);
      expect(interpreter.name.endsWith("t")).toBe(interpreter.freeThreaded);
    }
  });

  it("WHEN a run names an interpreter THEN that one runs it, in the sandbox, and the result says so", async () => {
    for (const interpreter of runner.interpreters()) {
      const result = await runner.run({
        code: "import sys, os\nprint('%d.%d.%d' % sys.version_info[:3], os.getuid())",
        interpreter: interpreter.name,
      });
      expect(result).toMatchObject({ status: "ok", interpreter: interpreter.name, backend: "bwrap" });
      expect(result.stdout).toBe(`${interpreter.version} 1000\n`);
      expect(result.cpuMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("WHEN a run on any interpreter tries to leave a kernel key THEN each keyring call gives ENOSYS and the next run finds no key", async () => {
    // The default's runs are forked by zygotes; every other interpreter's start a bwrap each.
    for (const interpreter of runner.interpreters()) await expectNoKeyBetweenRuns(runner, interpreter.name);
  });

  it("WHEN a run names no interpreter THEN the default runs it", async () => {
    const result = await runner.run({ code: "print('hi')" });
    expect(result.interpreter).toBe(chosen[0]?.name);
  });

  it("WHEN a run names an interpreter that is not offered THEN it is refused before it runs", async () => {
    const result = await runner.run({ code: "print('hi')", interpreter: "2.7" });
    expect(result).toMatchObject({
      status: "rejected",
      reason: { code: "unknown_interpreter", name: "2.7" },
    });
  });

  it("WHEN a snippet is compared THEN every interpreter runs it and differences name the first differing line", async () => {
    const same = await compareInterpreters(runner, runner.interpreters(), { code: "print(sum(range(10)))" });
    expect(same.map((outcome) => outcome.interpreter.name)).toEqual(chosen.map((i) => i.name));
    expect(same.every((outcome) => outcome.sameOutput && outcome.result.stdout === "45\n")).toBe(true);
    const versions = await compareInterpreters(runner, runner.interpreters(), {
      code: "import sys\nprint('same')\nprint(sys.version_info[:2])",
    });
    expect(versions[0]).toMatchObject({ sameOutput: true, firstDifference: null });
    for (const outcome of versions.slice(1)) {
      const differs = outcome.interpreter.version.split(".")[1] !== chosen[0]?.version.split(".")[1];
      expect(outcome.sameOutput).toBe(!differs);
      if (differs) expect(outcome.firstDifference).toMatchObject({ stream: "stdout", line: 2 });
    }
  });
});

describe("GIVEN the quizbot run command with several interpreters", () => {
  function cli(args: string[], stdin = "") {
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const env = {
      RUNNER_BACKEND: "bwrap",
      RUNNER_WARM_POOL: "0",
      LOG_LEVEL: "silent",
      RUNNER_INTERPRETERS: chosen.map((i) => `${i.name}=${i.python}`).join(","),
      RUNNER_PYTHON: chosen[0]?.name ?? "python3",
    };
    const io = { env, stdout, stderr: new PassThrough(), stdin: Readable.from([stdin]) };
    return runCli(args, io).then((code) => ({ code, output: out }));
  }

  it("WHEN --interpreters is asked THEN it lists each with its version, the default first", async () => {
    const { code, output } = await cli(["run", "--interpreters", "--json"]);
    expect(code).toBe(0);
    const listed = JSON.parse(output) as { interpreters: { name: string; version: string }[] };
    expect(listed.interpreters.map((i) => [i.name, i.version])).toEqual(
      chosen.map((i) => [i.name, i.version]),
    );
  });

  it("WHEN --python names one THEN the JSON result says which ran it", async () => {
    const last = chosen.at(-1);
    const { code, output } = await cli(
      ["run", "--python", last?.name ?? "", "--json", "-"],
      "import sys\nprint(sys.version_info[1])\n",
    );
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({
      status: "ok",
      interpreter: last?.name,
      stdout: `${last?.version.split(".")[1]}\n`,
    });
  });

  it("WHEN --python names none offered THEN it is a usage error naming the ones there are", async () => {
    const { code } = await cli(["run", "--python", "1.0", "-"], "print(1)\n");
    expect(code).toBe(2);
  });

  it("WHEN --compare runs THEN the JSON holds one result per interpreter", async () => {
    const { code, output } = await cli(["run", "--compare", "--json", "-"], "print('x')\n");
    expect(code).toBe(0);
    const { results } = JSON.parse(output) as {
      results: { interpreter: string; sameOutput: boolean; stdout: string }[];
    };
    expect(results.map((r) => r.interpreter)).toEqual(chosen.map((i) => i.name));
    expect(results.every((r) => r.sameOutput && r.stdout === "x\n")).toBe(true);
  });

  it("WHEN --compare --json runs a snippet that writes into ./output THEN each result lists its files by name, type and size", async () => {
    const snippet =
      "import os\nos.makedirs('output', exist_ok=True)\nopen('output/notes.txt', 'w').write('twelve bytes')\n";
    const { code, output } = await cli(["run", "--compare", "--json", "-"], snippet);
    expect(code).toBe(0);
    const { results } = JSON.parse(output) as {
      results: { interpreter: string; files: { name: string; type: string; size: number }[] }[];
    };
    expect(results.map((r) => r.interpreter)).toEqual(chosen.map((i) => i.name));
    for (const result of results) {
      expect(result.files).toEqual([{ name: "notes.txt", type: "text", size: 12 }]);
    }
  });
});
