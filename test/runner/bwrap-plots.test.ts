import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeInterpreter } from "../../src/runner/bwrap/interpreter-probe.js";
import {
  createCodeRunner,
  discoverInterpreters,
  type FoundInterpreter,
  parseRunLimits,
  type StartedCodeRunner,
} from "../../src/runner/index.js";
import { hasMatplotlib, noMatplotlibReason, plotSnippet, systemPython } from "../support/matplotlib.js";
import { pngSize } from "../support/png-size.js";
import { testMarker } from "./bwrap-runner.js";
import { processesWith } from "./host-processes.js";

const system = await probeInterpreter(systemPython).catch(() => undefined);
const plotting = system !== undefined && (await hasMatplotlib(system.sitePackages));
const { found } = await discoverInterpreters({ python: "python3", list: "auto", pyodide: false });
let without: FoundInterpreter | undefined;
for (const interpreter of found) {
  if (interpreter.resolved && !(await hasMatplotlib(interpreter.resolved.sitePackages))) {
    without = interpreter;
    break;
  }
}

const marker = testMarker("plots");
let runner: StartedCodeRunner | undefined;

beforeAll(async () => {
  if (!plotting && !without) return;
  const interpreters = [
    ...(plotting ? [{ name: "system", python: systemPython, version: system.version }] : []),
    ...(without ? [{ name: "bare", python: without.python, version: without.version }] : []),
  ].map((choice) => ({ ...choice, backend: "bwrap" as const, freeThreaded: false }));
  runner = await createCodeRunner({
    backend: "bwrap",
    python: interpreters[0]?.python ?? systemPython,
    concurrency: 2,
    queueSize: 8,
    warmPool: 0,
    // Importing pyplot costs about a second of CPU; the wall limit leaves room for a machine under load.
    limits: parseRunLimits({ wallMs: 60_000, cpuSeconds: 10 }),
    sandboxMarker: marker,
    interpreters,
  });
});

afterAll(async () => {
  await runner?.close();
  expect(await processesWith(marker)).toEqual([]);
});

/** Runs `lines` on the interpreter with matplotlib, after importing os and pyplot and making ./output. */
function runPlotting(...lines: string[]) {
  const code = [
    "import os",
    "import matplotlib.pyplot as plt",
    "os.makedirs('output', exist_ok=True)",
    ...lines,
  ];
  return runner?.run({ interpreter: "system", code: code.join("\n") });
}

describe.skipIf(!plotting)(
  `plots on an interpreter with matplotlib${plotting ? "" : ` (skipped: ${noMatplotlibReason})`}`,
  () => {
    it("GIVEN plt.plot and plt.show() THEN the run returns figure-1.png, a real PNG of the default 640x480, and matplotlib built no font cache in the sandbox", async () => {
      // With its log at INFO, matplotlib says "generated new fontManager" when it had to build the font
      // cache itself (and fontconfig complains on stderr): here it must read the one built on the host.
      const code = `import logging\nlogging.basicConfig(level=logging.INFO)\n${plotSnippet}`;
      const result = await runner?.run({ code, interpreter: "system" });
      expect(result).toMatchObject({ status: "ok", stdout: "shown\n" });
      expect(result?.stderr).not.toContain("generated new fontManager");
      expect(result?.stderr).not.toContain("Fontconfig");
      expect(result?.files?.map((file) => [file.name, file.type])).toEqual([["figure-1.png", "png"]]);
      const png = result?.files?.[0]?.data ?? new Uint8Array();
      expect(pngSize(png)).toEqual({ width: 640, height: 480 });
      expect(png.byteLength).toBeGreaterThan(5_000);
    });

    it("GIVEN two figures shown at two calls and a file of the snippet's own THEN each show adds numbered PNGs beside it", async () => {
      const result = await runPlotting(
        "open('output/figure-1.png', 'wb').write(b'not mine')",
        "plt.figure(); plt.bar(['a', 'b'], [3, 5])",
        "plt.figure(); plt.scatter([1, 2], [2, 1])",
        "plt.show()",
        "plt.plot([0, 1])",
        "plt.show()",
        "plt.show()  # nothing open: nothing saved",
        "print(sorted(os.listdir('output')))",
      );
      expect(result?.status).toBe("ok");
      expect(result?.stdout).toBe("['figure-1.png', 'figure-2.png', 'figure-3.png', 'figure-4.png']\n");
      // The snippet's own figure-1.png is not a PNG: it is named as left out, the three plots come back.
      expect(result?.files?.map((file) => file.name)).toEqual([
        "figure-2.png",
        "figure-3.png",
        "figure-4.png",
      ]);
      expect(result?.filesLeftOut).toEqual([{ name: "figure-1.png", reason: "type" }]);
    });

    it("GIVEN savefig into ./output THEN that file comes back too, as any file there does", async () => {
      const result = await runPlotting("plt.plot([3, 1, 2])", "plt.savefig('output/chart.svg')");
      expect(result?.status).toBe("ok");
      expect(result?.files?.map((file) => [file.name, file.type])).toEqual([["chart.svg", "svg"]]);
    });
  },
);

describe.skipIf(!without)(
  `an interpreter without matplotlib${without ? "" : " (skipped: every interpreter here has matplotlib)"}`,
  () => {
    it("GIVEN import matplotlib THEN the snippet ends with Python's own ModuleNotFoundError, not a runner failure", async () => {
      const result = await runner?.run({ code: plotSnippet, interpreter: "bare" });
      expect(result?.status).toBe("error");
      expect(result?.stderr).toContain("ModuleNotFoundError: No module named 'matplotlib'");
      expect(result?.files).toBeUndefined();
    });
  },
);
