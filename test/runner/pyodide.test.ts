import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../../src/runner/index.js";
import { outputFileCases } from "./output-file-cases.js";

// The bot's own environment holds secrets; none of it may reach a snippet.
process.env.QUIZBOT_TEST_SECRET = "s3cr3t-value-for-tests";

let runner: StartedCodeRunner;

beforeAll(async () => {
  // One slot: Pyodide takes seconds to load, and one warm interpreter serves every test in turn.
  runner = await createCodeRunner({
    backend: "pyodide",
    python: "python3",
    concurrency: 1,
    queueSize: 8,
    warmPool: 0,
    // Long enough for the memory bomb to reach the WebAssembly heap's ceiling on a busy machine (zeroing
    // about 2 GiB took over 1.5 s at a load average of 8), short enough to keep the timeout test quick.
    limits: parseRunLimits({ wallMs: 4_000 }),
  });
  await runner.warmedUp();
});

afterAll(async () => {
  await runner.close();
});

describe("GIVEN the Pyodide backend", () => {
  it("WHEN a program prints and reads stdin THEN it behaves like CPython", async () => {
    const result = await runner.run({ code: "name = input()\nprint(f'hi {name}')", stdin: "ada\n" });
    expect(result).toMatchObject({ status: "ok", exitCode: 0, stdout: "hi ada\n", backend: "pyodide" });
  });

  it("WHEN an infinite loop runs THEN it is stopped as a timeout and the interpreter stays usable", async () => {
    const result = await runner.run({ code: "while True:\n    pass\n" });
    expect(result.status).toBe("timeout");
    expect(result.stderr).toBe("");
    expect((await runner.run({ code: "print('next')" })).stdout).toBe("next\n");
  });

  it("WHEN a memory bomb runs THEN the status is memory", async () => {
    const result = await runner.run({
      code: "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 * 1024))\n",
    });
    expect(result.status).toBe("memory");
    expect(result.stderr).toMatch(/^MemoryError/m);
  });

  it("WHEN a program writes 10 MB THEN it is stopped at the output limit", async () => {
    const result = await runner.run({ code: "import sys\nsys.stdout.write('x' * 10_000_000)\n" });
    expect(result).toMatchObject({ status: "output_limit", stdoutTruncated: true });
    expect(result.stdout).toBe("x".repeat(64 * 1024));
  });

  it("WHEN a program starts threads, processes or subprocesses THEN it is refused as needing the full runner", async () => {
    const cases = {
      threads: "import threading\nthreading.Thread(target=print).start()",
      processes: "from multiprocessing import Pool\nwith Pool(2) as pool:\n    print(pool.map(abs, [-1]))",
      subprocess: "import subprocess\nsubprocess.run(['ls'])",
    } as const;
    for (const [feature, code] of Object.entries(cases)) {
      await expect(runner.run({ code })).resolves.toMatchObject({
        status: "rejected",
        reason: { code: "needs_native_runner", feature },
      });
    }
    const pool = await runner.run({ code: "from concurrent.futures import ThreadPoolExecutor" });
    expect(pool.reason).toEqual({ code: "needs_native_runner", feature: "threads" });
  });

  it("WHEN a thread is started in a way the code check cannot see THEN the error still names the feature", async () => {
    const code =
      "start = getattr(__import__('thr' + 'eading'), 'Th' + 'read')(target=print)\ngetattr(start, 'st' + 'art')()";
    const result = await runner.run({ code });
    expect(result).toMatchObject({
      status: "unavailable",
      reason: { code: "needs_native_runner", feature: "threads" },
    });
  });

  it("WHEN a program reaches for JavaScript THEN it finds neither modules nor code generation", async () => {
    const code = [
      "import sys",
      "for name in ('js', 'pyodide_js'):",
      "    try:",
      "        __import__(name)",
      "        print(name, 'imported')",
      "    except ImportError:",
      "        print(name, 'blocked')",
      "proxy = sys.modules['pyodide.ffi'].create_proxy(lambda: 1)",
      "try:",
      "    print(proxy.constructor.constructor('return process.env')())",
      "except Exception as error:",
      "    print('codegen', type(error).__name__, 'code generation is disabled' in str(error))",
    ].join("\n");
    const result = await runner.run({ code });
    expect(result.stdout).toBe("js blocked\npyodide_js blocked\ncodegen JsException True\n");
  });

  it("WHEN a program reads the environment THEN the bot's secrets are not there", async () => {
    const result = await runner.run({ code: "import os\nprint(dict(os.environ))" });
    expect(result.status).toBe("ok");
    expect(result.stdout).not.toContain("s3cr3t");
  });

  it("WHEN a program changes the interpreter THEN the next run starts clean", async () => {
    await runner.run({
      code: "import builtins, json, os\nbuiltins.spy = 1\nos.listdir = None\njson.dumps = None\nleft = 1\nopen('left.txt', 'w').write('x')",
    });
    const result = await runner.run({
      code: "import builtins, json, os\nprint(hasattr(builtins, 'spy'), os.listdir('.'), json.dumps(1), 'left' in globals())",
    });
    expect(result.stdout).toBe("False ['main.py'] 1 False\n");
  });

  it("WHEN a program ignores the stop THEN its worker is terminated and the next run gets a fresh one", async () => {
    const stubborn =
      "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n";
    const result = await runner.run({ code: stubborn });
    expect(result).toMatchObject({ status: "timeout", signal: "SIGKILL" });
    expect((await runner.run({ code: "print('fresh')" })).stdout).toBe("fresh\n");
  }, 120_000);
});

describe("GIVEN files a Pyodide snippet writes under ./output/", () => {
  for (const { name, check } of outputFileCases) it(name, () => check(runner));

  it("WHEN it imports matplotlib THEN Python's error says this Pyodide has no packages (none is downloaded)", async () => {
    const result = await runner.run({ code: "import matplotlib.pyplot as plt\nplt.plot([1])\nplt.show()" });
    expect(result.status).toBe("error");
    expect(result.stderr).toContain("ModuleNotFoundError: No module named 'matplotlib'");
    expect(result.stderr).toContain("This Pyodide runs the standard library only");
    // A standard-library module that is missing for another reason gets no such note.
    const other = await runner.run({ code: "import no_such_module_here" });
    expect(other.stderr).toContain("This Pyodide runs the standard library only");
    const stdlib = await runner.run({ code: "import json.no_such_part" });
    expect(stdlib.stderr).toContain("No module named 'json.no_such_part'");
    expect(stdlib.stderr).not.toContain("This Pyodide runs the standard library only");
  });
});

describe("GIVEN a Pyodide runner that was never warmed up", () => {
  it("WHEN the first program arrives THEN it waits for its interpreter to load and runs", async () => {
    const cold = await createCodeRunner({
      backend: "pyodide",
      python: "python3",
      concurrency: 2,
      queueSize: 8,
      warmPool: 0,
      limits: parseRunLimits({ wallMs: 1_500 }),
    });
    try {
      const results = await Promise.all([
        cold.run({ code: "print('first')" }),
        cold.run({ code: "print('second')" }),
      ]);
      expect(results.map((result) => [result.status, result.stdout])).toEqual([
        ["ok", "first\n"],
        ["ok", "second\n"],
      ]);
    } finally {
      await cold.close();
    }
  }, 120_000);
});
