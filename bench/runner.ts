/**
 * Snippet runner benchmark: how long a trivial snippet (`print(1)`) takes end to end, compared with
 * starting a bare interpreter from Node, for each backend, on this machine and in one run. The fair
 * baseline is `python -I -S`, the flags the sandbox starts CPython with (no site, which alone is
 * several times faster than `-I`); the ratios against `-I` stay for continuity with earlier runs.
 *
 *   - bare:        spawn(python -I -c "print(1)") (and with -S), the real interpreter path, no shim
 *   - bwrap cold:  the runner with no warm pool and no zygote: bwrap + interpreter start for every run
 *   - bwrap warm:  the same taking a started sandbox from the pool (refilled between timed runs)
 *   - zygote:      the runner as it starts by default: each run's sandbox forked by a zygote ahead of it
 * (the bare, cold, warm and zygote latencies in rounds of one each, so that load hits them alike)
 *   - pyodide:     the runner on a loaded Pyodide worker
 * then runs per second with two runs at a time (the pool refilling in the background counts).
 *
 *   npx tsx bench/runner.ts            200 runs per figure
 *   npx tsx bench/runner.ts --quick    30 runs per figure
 */
import { spawn } from "node:child_process";
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

  // Latencies are taken in rounds of one run each, so that a shared machine's load, which changes
  // from second to second, weighs on the baseline and the sandbox alike and the ratios stay fair.
  const coldRunner = await startRunner(python, "bwrap", 0);
  const warmRunner = await startRunner(python, "bwrap", 2);
  const zygoteRunner = await startRunner(python, "bwrap", 2, true);
  const bareIsolated: number[] = [];
  const bareNoSite: number[] = [];
  const coldLatencies: number[] = [];
  const warmLatencies: number[] = [];
  const zygoteLatencies: number[] = [];
  try {
    for (let round = 0; round < runs; round += 1) {
      bareIsolated.push(await timeOnce(bare(["-I"])));
      bareNoSite.push(await timeOnce(bare(["-I", "-S"])));
      coldLatencies.push(await timeOnce(() => runOk(coldRunner)));
      warmLatencies.push(await timeOnce(() => runOk(warmRunner)));
      zygoteLatencies.push(await timeOnce(() => runOk(zygoteRunner)));
      // The pools' replacements start after the runs; they must not run into the next round's figures.
      await Promise.all([warmRunner.warmedUp(), zygoteRunner.warmedUp()]);
    }
  } finally {
    await Promise.all([coldRunner.close(), warmRunner.close(), zygoteRunner.close()]);
  }
  const bareRate = await rate(runs, bare(["-I"]));
  const bareNoSiteRate = await rate(runs, bare(["-I", "-S"]));

  const cold = { latencies: coldLatencies, rate: await measureRate(python, "bwrap", 0, runs) };
  const warm = { latencies: warmLatencies, rate: await measureRate(python, "bwrap", 2, runs) };
  const zygote = { latencies: zygoteLatencies, rate: await measureRate(python, "bwrap", 2, runs, true) };
  const pyodide = await measureRunner(python, "pyodide", 0, runs);

  const p50 = (values: number[]) => quantile(values, 0.5);
  const figures: BenchFigure[] = [
    ...latency("bare python -I", bareIsolated),
    ...latency("bare python -I -S", bareNoSite),
    ...latency("bwrap cold", cold.latencies),
    ...latency("bwrap warm pool", warm.latencies),
    ...latency("zygote (default)", zygote.latencies),
    ...latency("pyodide warm worker", pyodide.latencies),
    { figure: "bare python -I, 2 at once", unit: "runs/s", value: round(bareRate) },
    { figure: "bare python -I -S, 2 at once", unit: "runs/s", value: round(bareNoSiteRate) },
    { figure: "bwrap cold, 2 at once", unit: "runs/s", value: round(cold.rate) },
    { figure: "bwrap warm pool, 2 at once", unit: "runs/s", value: round(warm.rate) },
    { figure: "zygote (default), 2 at once", unit: "runs/s", value: round(zygote.rate), goal: ">= 150" },
    { figure: "pyodide, 2 workers", unit: "runs/s", value: round(pyodide.rate) },
    // The goal's 150 runs/s is 0.86 of what bare -I -S managed on a quiet machine (174): this ratio
    // says how far the sandbox is from bare process creation when the machine is not quiet.
    {
      figure: "bwrap warm pool runs/s / bare -I -S runs/s, 2 at once",
      unit: "ratio",
      value: round(warm.rate / bareNoSiteRate),
    },
    {
      figure: "zygote runs/s / bare -I -S runs/s, 2 at once",
      unit: "ratio",
      value: round(zygote.rate / bareNoSiteRate),
    },
    {
      figure: "zygote p50 / bare -I -S p50",
      unit: "ratio",
      value: round(p50(zygote.latencies) / p50(bareNoSite)),
    },
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
}

/** A runner as the bot starts it, with its warm pool full and one run done (lazy set-up nobody sees later). */
async function startRunner(
  python: string,
  backend: "bwrap" | "pyodide",
  warmPool: number,
  zygote = false,
): Promise<StartedCodeRunner> {
  const runner = await createCodeRunner({
    backend,
    python,
    concurrency: 2,
    queueSize: 64,
    warmPool,
    zygote,
    limits: parseRunLimits(),
  });
  await runner.warmedUp();
  await runOk(runner);
  await runner.warmedUp();
  return runner;
}

async function measureRate(
  python: string,
  backend: "bwrap" | "pyodide",
  warmPool: number,
  runs: number,
  zygote = false,
): Promise<number> {
  const runner = await startRunner(python, backend, warmPool, zygote);
  try {
    return await rate(runs, () => runOk(runner));
  } finally {
    await runner.close();
  }
}

async function measureRunner(
  python: string,
  backend: "bwrap" | "pyodide",
  warmPool: number,
  runs: number,
): Promise<RunnerFigures> {
  const runner = await startRunner(python, backend, warmPool);
  try {
    const latencies = await timeEach(runs, () => runOk(runner));
    await runner.warmedUp();
    return { latencies, rate: await rate(runs, () => runOk(runner)) };
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

async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function timeEach(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) durations.push(await timeOnce(run));
  return durations;
}

/** Runs per second with two runs in flight at all times. */
async function rate(total: number, run: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      next += 1;
      await run();
    }
  };
  await Promise.all([lane(), lane()]);
  return total / ((performance.now() - started) / 1000);
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
