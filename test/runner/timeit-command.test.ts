import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

async function timeit(args: readonly string[], env: Record<string, string> = {}) {
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
  const io = {
    env: { RUNNER_BACKEND: "bwrap", RUNNER_WARM_POOL: "0", LOG_LEVEL: "silent", ...env },
    stdout,
    stderr,
    stdin: Readable.from([""]),
  };
  const code = await runCli(["timeit", ...args], io);
  return { code, out, err };
}

describe("GIVEN the quizbot timeit command, with the real sandbox", { timeout: 60_000 }, () => {
  it("WHEN a statement is timed with setup THEN it prints the report python -m timeit prints", async () => {
    const { code, out } = await timeit(["--setup", "data = list(range(1000))", "sum(data)"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^[\w.]+: \d+ loops?, best of 5: [\d.]+ (nsec|usec|msec) per loop\n$/);
  });

  it("WHEN --json THEN the report comes with the loops, repeats and the interpreter", async () => {
    const { code, out } = await timeit(["--json", "x = 2 ** 10"]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({
      status: "ok",
      interpreter: expect.any(String),
      timeit: { kind: "timed", repeats: 5, report: expect.stringMatching(/ per loop$/) },
    });
    expect(result.timeit.loops).toBeGreaterThan(1000);
  });

  it("WHEN the statement runs past the wall limit THEN it says how far autorange got", async () => {
    // 60 ms a loop: autorange settles on 5 loops (0.3 s) within the first half second, and the five
    // repeats of those cannot finish in the 1 s wall limit.
    const { code, out } = await timeit(["--setup", "import time", "time.sleep(0.06)"], {
      RUNNER_WALL_SECONDS: "1",
    });
    expect(code).toBe(1);
    expect(out).toMatch(/stopped at the wall limit \(\d+ ms\); autorange got as far as 5 loops in 0\.\d+ s/);
    const endless = await timeit(["while True: pass"], { RUNNER_WALL_SECONDS: "1" });
    expect(endless.out).toMatch(/stopped at the wall limit \(\d+ ms\) before one loop finished/);
  });

  it("WHEN the statement raises THEN its traceback is printed and the exit code is 1", async () => {
    const { code, out } = await timeit(["1/0"]);
    expect(code).toBe(1);
    expect(out).toContain("ZeroDivisionError: division by zero");
  });

  it("WHEN no statement or an unknown interpreter is given THEN it is a usage error", async () => {
    expect((await timeit([])).code).toBe(2);
    const unknown = await timeit(["--python", "2.5", "pass"], { RUNNER_INTERPRETERS: "python3=python3" });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("no interpreter named 2.5");
  });
});
