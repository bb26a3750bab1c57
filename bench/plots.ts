/**
 * A plot in the bwrap sandbox: /run's snippet that imports pyplot, draws one line plot and calls
 * plt.show() (test/support/matplotlib.ts), on Debian's python3 with its matplotlib, cold sandboxes one
 * at a time under /run's own limits (5 s wall and CPU). Figures: wall and CPU time p50 and the most
 * seen, so a reader sees how far the plot stays inside the limits. The first run is not counted (it
 * may build the host's font cache, once per matplotlib install).
 *
 *   npm run bench -- --only plots [--quick]
 */
import { createCodeRunner, parseRunLimits } from "../src/runner/index.js";
import { plotSnippet, systemPlotting, systemPython } from "../test/support/matplotlib.js";
import { type BenchFigure, percentile, round } from "./figure.js";

export async function plotsBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const plotting = await systemPlotting();
  if (!plotting) {
    console.info(`plots: ${systemPython} cannot import matplotlib here; nothing measured`);
    return [];
  }
  const samples = options.quick ? 3 : 10;
  const runner = await createCodeRunner({
    backend: "bwrap",
    python: systemPython,
    concurrency: 1,
    queueSize: 4,
    warmPool: 0,
    limits: parseRunLimits(),
  });
  try {
    await runner.run({ code: plotSnippet });
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const result = await runner.run({ code: plotSnippet });
      if (result.status !== "ok" || result.files?.[0]?.name !== "figure-1.png")
        throw new Error(`plot run ended ${result.status}: ${result.stderr.slice(-300)}`);
      wall.push(result.wallMs);
      if (result.cpuMs !== undefined) cpu.push(result.cpuMs);
    }
    return [
      {
        figure: "plot run (pyplot, plt.show) wall p50",
        unit: "ms",
        value: round(percentile(wall, 50), 0),
        goal: "<= 5000",
      },
      { figure: "plot run wall max", unit: "ms", value: round(Math.max(...wall), 0) },
      { figure: "plot run CPU p50", unit: "ms", value: round(percentile(cpu, 50), 0), goal: "<= 5000" },
    ];
  } finally {
    await runner.close();
  }
}
