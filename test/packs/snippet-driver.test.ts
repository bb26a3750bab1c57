import { describe, expect, it } from "vitest";
import { normaliseProgramOutput } from "../../src/domain/questions/program-output.js";
import { runSnippets } from "./python-interpreters.js";
import { mapWithLimit, runPython } from "./run-python.js";

/**
 * The output questions' test runs every snippet through snippet-driver.py (one interpreter start, a
 * forked child per snippet). These programs probe what a fresh `python3 -I main.py` does on its way
 * in and out; the driver must give the same output and exit code.
 */
const PROBES: Record<string, string> = {
  "a fresh __main__ in its own folder holding main.py": [
    "import os, sys",
    "print(__name__, os.path.basename(__file__), os.path.basename(sys.argv[0]))",
    "print(sorted(os.listdir('.')), 'asyncio' in globals())",
    "print(sys.stdin.read() == '')",
  ].join("\n"),
  "non-daemon threads finish after the main code": [
    "import threading, time",
    "def late():",
    "    time.sleep(0.05)",
    "    print('thread done')",
    "threading.Thread(target=late).start()",
    "print('main done')",
  ].join("\n"),
  "atexit callbacks run after the threads": [
    "import atexit",
    "atexit.register(print, 'at exit')",
    "print('body')",
  ].join("\n"),
  "SystemExit sets the exit code": "print('leaving')\nraise SystemExit(3)",
  "an uncaught exception exits with 1": "print('before')\nraise ValueError('boom')",
  "pool workers find functions defined in __main__": [
    "from multiprocessing import Pool",
    "def square(n):",
    "    return n * n",
    "if __name__ == '__main__':",
    "    with Pool(2) as pool:",
    "        print(pool.map(square, [1, 2, 3]))",
  ].join("\n"),
};

const probes = Object.entries(PROBES).map(([id, code]) => ({ id, code }));

describe("GIVEN the snippet driver and a fresh python3 -I main.py", () => {
  it("THEN both print the same and exit the same for every probe", async () => {
    const [viaDriver, direct] = await Promise.all([
      runSnippets({ command: "python3" }, probes),
      mapWithLimit(probes, 2, (probe) => runPython({ code: probe.code })),
    ]);
    expect(viaDriver.map((run) => run.id)).toEqual(probes.map((probe) => probe.id));
    for (const [index, probe] of probes.entries()) {
      const fresh = direct[index];
      const driven = viaDriver[index];
      expect(driven?.timedOut, probe.id).toBe(false);
      expect(normaliseProgramOutput(driven?.stdout ?? ""), probe.id).toBe(
        normaliseProgramOutput(fresh?.stdout ?? ""),
      );
      expect(driven?.exitCode, probe.id).toBe(fresh?.exitCode);
    }
  }, 120_000);

  it("THEN a snippet that never ends is stopped at the timeout and the next one still runs", async () => {
    const results = await runSnippets(
      { command: "python3" },
      [
        { id: "stuck", code: "import threading\nthreading.Event().wait()" },
        { id: "after", code: "print('still running')" },
      ],
      1,
    );
    expect(results.map((run) => [run.id, run.timedOut])).toEqual([
      ["stuck", true],
      ["after", false],
    ]);
    expect(results[1]?.stdout).toBe("still running\n");
  }, 60_000);
});
