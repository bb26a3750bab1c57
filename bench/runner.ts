/**
 * Snippet runner benchmark: how long a trivial snippet (`print(1)`) takes end to end, compared with
 * starting a bare interpreter from Node, for each backend, on this machine and in one run. The fair
 * baseline is `python -I -S`, the flags the sandbox starts CPython with (no site, which alone is
 * several times faster than `-I`); the ratios against `-I` stay for continuity with earlier runs.
 *
 *   - bare:        spawn(python -I -c "print(1)") (and with -S), the real interpreter path, no shim
 *   - bwrap cold:  the runner with no warm pool: bwrap + interpreter start for every run
 *   - bwrap warm:  the runner taking a started sandbox from the pool (refilled between timed runs)
 *   - pyodide:     the runner on a loaded Pyodide worker
 * then runs per second with two runs at a time (the pool refilling in the background counts), and
 * the CPU one run costs (this process and the sandboxes it reaped), which load does not change.
 *
 *   npx tsx bench/runner.ts            200 runs per figure
 *   npx tsx bench/runner.ts --quick    30 runs per figure
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { probeInterpreter } from "../src/runner/bwrap/interpreter-probe.js";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../src/runner/index.js";
import { type BenchFigure, quantile, round } from "./figure.js";

const snippet = "print(1)";

export async function runnerBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const runs = options.quick ? 30 : 200;
  const python = process.env.RUNNER_PYTHON ?? "python3";
  const interpreter = await probeInterpreter(python);
  const bare = (flags: string[]) => () => spawnOnce(interpreter.executable, [...flags, "-c", snippet]);

  const bareIsolated = await timeEach(runs, bare(["-I"]));
  const bareNoSite = await timeEach(runs, bare(["-I", "-S"]));
  const bareRate = await rate(runs, bare(["-I"]));
  const bareNoSiteRate = await rate(runs, bare(["-I", "-S"]));
  const bareNoSiteCpu = lastCpuPerRunMs;

  const cold = await measureRunner(python, "bwrap", 0, runs, false);
  const warm = await measureRunner(python, "bwrap", 2, runs, true);
  const pyodide = await measureRunner(python, "pyodide", 0, runs, false);

  const p50 = (values: number[]) => quantile(values, 0.5);
  const figures: BenchFigure[] = [
    ...latency("bare python -I", bareIsolated),
    ...latency("bare python -I -S", bareNoSite),
    ...latency("bwrap cold", cold.latencies),
    ...latency("bwrap warm pool", warm.latencies),
    ...latency("pyodide warm worker", pyodide.latencies),
    { figure: "bare python -I, 2 at once", unit: "runs/s", value: round(bareRate) },
    { figure: "bare python -I -S, 2 at once", unit: "runs/s", value: round(bareNoSiteRate) },
    { figure: "bwrap cold, 2 at once", unit: "runs/s", value: round(cold.rate) },
    { figure: "bwrap warm pool, 2 at once", unit: "runs/s", value: round(warm.rate), goal: ">= 150" },
    { figure: "pyodide, 2 workers", unit: "runs/s", value: round(pyodide.rate) },
    // CPU per run does not depend on what else the machine runs; two cores cap the rate at 2000 / it.
    { figure: "bare python -I -S CPU per run (with Node's spawn)", unit: "ms", value: round(bareNoSiteCpu) },
    { figure: "bwrap cold CPU per run (bot and sandbox)", unit: "ms", value: round(cold.cpuPerRunMs) },
    { figure: "bwrap warm pool CPU per run (bot and sandbox)", unit: "ms", value: round(warm.cpuPerRunMs) },
    {
      figure: "bwrap cold p50 / bare -I p50",
      unit: "ratio",
      value: round(p50(cold.latencies) / p50(bareIsolated)),
    },
    {
      figure: "bwrap warm p50 / bare -I p50",
      unit: "ratio",
      value: round(p50(warm.latencies) / p50(bareIsolated)),
    },
    {
      figure: "bwrap cold p50 / bare -I -S p50",
      unit: "ratio",
      value: round(p50(cold.latencies) / p50(bareNoSite)),
      goal: "<= 1.5",
    },
    {
      figure: "bwrap warm p50 / bare -I -S p50",
      unit: "ratio",
      value: round(p50(warm.latencies) / p50(bareNoSite)),
      goal: "<= 0.3",
    },
  ];
  return figures;
}

interface RunnerFigures {
  latencies: number[];
  rate: number;
  /** Bot and sandbox CPU per run while measuring the rate (Node's own share included). */
  cpuPerRunMs: number;
}

async function measureRunner(
  python: string,
  backend: "bwrap" | "pyodide",
  warmPool: number,
  runs: number,
  refillBetweenRuns: boolean,
): Promise<RunnerFigures> {
  const runner = await createCodeRunner({
    backend,
    python,
    concurrency: 2,
    queueSize: 64,
    warmPool,
    limits: parseRunLimits(),
  });
  try {
    await runner.warmedUp();
    await runOk(runner); // the first run pays for lazy set-up nobody sees in steady state
    await runner.warmedUp();
    const latencies = await timeEach(runs, async () => {
      await runOk(runner);
      if (refillBetweenRuns) await untimed(() => runner.warmedUp());
    });
    await runner.warmedUp();
    const runsPerSecond = await rate(runs, () => runOk(runner));
    return { latencies, rate: runsPerSecond, cpuPerRunMs: lastCpuPerRunMs };
  } finally {
    await runner.close();
  }
}

async function runOk(runner: StartedCodeRunner): Promise<void> {
  const result = await runner.run({ code: snippet });
  if (result.status !== "ok" || result.stdout !== "1\n") {
    throw new Error(
      `benchmark run failed on ${result.backend}: ${result.status} ${result.stderr.slice(0, 300)}`,
    );
  }
}

// Time spent in `untimed` is taken off the measurement it happens in.
let excludedMs = 0;
async function untimed(work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await work();
  excludedMs += performance.now() - started;
}

async function timeEach(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) {
    excludedMs = 0;
    const started = performance.now();
    await run();
    durations.push(performance.now() - started - excludedMs);
  }
  return durations;
}

/** CPU time of this process and of the children it has reaped (the sandboxes), in ms; Linux only. */
function cpuWithChildrenMs(): number {
  const stat = readFileSync("/proc/self/stat", "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14-17 (fields[11..14] here), in clock ticks of 10 ms.
  return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0) * 10;
}

/** CPU per run measured over the last `rate` call: what a run costs whatever the machine's load. */
let lastCpuPerRunMs = Number.NaN;

/** Runs per second with two runs in flight at all times. */
async function rate(total: number, run: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const cpuAtStart = cpuWithChildrenMs();
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      next += 1;
      await run();
    }
  };
  await Promise.all([lane(), lane()]);
  const seconds = (performance.now() - started) / 1000;
  lastCpuPerRunMs = (cpuWithChildrenMs() - cpuAtStart) / total;
  return total / seconds;
}

function spawnOnce(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: {} });
    child.stdout.resume();
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}`))));
  });
}

function latency(name: string, values: number[]): BenchFigure[] {
  return [
    { figure: `${name} p50`, unit: "ms", value: round(quantile(values, 0.5)) },
    { figure: `${name} p99`, unit: "ms", value: round(quantile(values, 0.99)) },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const figures = await runnerBenchmark({ quick });
  console.table(figures);
}
