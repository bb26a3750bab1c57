/**
 * Where a cold sandbox run's time goes, layer by layer, against bare `python -I -S` measured in the
 * same loop (the runs are interleaved, so load on a shared machine hits every layer alike):
 *
 *   - bare python -I -S:     the interpreter alone, `print(1)`
 *   - exec chain:            the same behind nsenter, which enters the staging namespace and drops
 *                            root, where the layout needs it (the interpreter from its staged copy)
 *   - bwrap namespaces:      plus bubblewrap creating the namespaces, with only /usr and the
 *                            interpreter bound (no /proc, /dev, tmpfs, read-only remount)
 *   - bwrap full sandbox:    plus every mount and option of the real sandbox, still `print(1)`
 *   - with bootstrap:        the real sandbox command with the bootstrap handed `print(1)` on stdin,
 *                            as a cold run does it; its phases are timed too (bwrap names the pid,
 *                            the bootstrap says ready, first output, the bootstrap reports the end,
 *                            bwrap exits, pipes close). A run's result is ready at the end report.
 *   - the runner's cold run:  what the runner does instead of the layers above (the launcher starts
 *                            bwrap, the bootstrap comes compiled, the program goes in with the start),
 *                            end to end, to the result
 *
 *   npx tsx bench/runner-profile.ts [runs]
 */
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { bootstrapSource, encodeProgram } from "../src/runner/bwrap/bootstrap.js";
import { BwrapBackend } from "../src/runner/bwrap/bwrap-backend.js";
import { EndReportReader } from "../src/runner/bwrap/end-report.js";
import {
  readyFd,
  type SandboxCommand,
  type SandboxLayout,
  sandboxCommand,
  stagingCommand,
  statusFd,
} from "../src/runner/bwrap/sandbox-command.js";
import { detectLayout } from "../src/runner/bwrap/sandbox-layout.js";
import { spawnSandbox } from "../src/runner/bwrap/spawn-sandbox.js";
import { StagingNamespace } from "../src/runner/bwrap/staging-namespace.js";
import { parseRunLimits } from "../src/runner/limits.js";
import { type BenchFigure, quantile, round } from "./figure.js";

const snippet = "print(1)";

export async function runnerColdPathBenchmark(options: {
  quick: boolean;
  runs?: number;
}): Promise<BenchFigure[]> {
  const runs = options.runs ?? (options.quick ? 20 : 100);
  const layout = await detectLayout({
    python: process.env.RUNNER_PYTHON ?? "python3",
    scratchBytes: 16 << 20,
  });
  const sleep = layout.drop?.staging?.sleep;
  const staging = sleep ? await StagingNamespace.start(stagingCommand(layout), sleep) : undefined;
  // The runner's own cold path, measured in the same loop: the launcher starts bwrap (no Node spawn,
  // no nsenter per sandbox), the compiled bootstrap, and the program sent with the start.
  // A bwrap per run: this section profiles that path (the zygote's runs are in bench/runner.ts).
  const runner = await BwrapBackend.start({
    layout,
    limits: parseRunLimits(),
    warmPool: 0,
    cgroups: true,
    zygote: false,
  });
  try {
    const layers = commandLayers(layout, staging?.path);
    const times = new Map<string, number[]>(layers.map(([name]) => [name, []]));
    const runnerTimes: number[] = [];
    const phases: Phases[] = [];
    for (let round = 0; round < runs; round += 1) {
      for (const [name, argv, how] of layers) times.get(name)?.push(await timeCommand(argv, how));
      phases.push(await timeBootstrapRun(layout, staging?.path));
      runnerTimes.push(await timeRunnerRun(runner));
    }
    // A run's result is ready at the end report; the rest is the sandbox's teardown after it.
    times.set(
      "with bootstrap, to the end report",
      phases.map((phase) => phase.report),
    );
    times.set(
      "with bootstrap, to pipes closed",
      phases.map((phase) => phase.close),
    );
    times.set("the runner's cold run (launcher, compiled bootstrap), to the result", runnerTimes);
    return figuresOf(times, phases);
  } finally {
    await runner.close();
    await staging?.close();
  }
}

async function timeRunnerRun(runner: BwrapBackend): Promise<number> {
  const started = performance.now();
  const result = await runner.execute({ code: snippet }, new AbortController().signal);
  if (result.status !== "ok" || result.stdout !== "1\n") throw new Error(`runner run: ${result.status}`);
  return performance.now() - started;
}

/** How a layer is started beyond its command line: as which user, with which seccomp program on its fd. */
type Start = Pick<SandboxCommand, "user" | "seccomp">;
type Layer = readonly [name: string, argv: readonly string[], how?: Start];

/** The layers as command lines, each the one before it plus one thing; all print 1. */
export function commandLayers(layout: SandboxLayout, mountNamespace: string | undefined): Layer[] {
  const full = sandboxCommand(layout, parseRunLimits(), "", mountNamespace);
  const argv = [full.file, ...full.args];
  const bwrapAt = argv.indexOf(layout.bwrap);
  const chain = argv.slice(0, bwrapAt);
  const bwrapOptions = argv.slice(bwrapAt, argv.indexOf("--json-status-fd"));
  const python = [layout.interpreter.executable, "-I", "-S", "-c", snippet];
  const layers: Layer[] = [["bare python -I -S", python]];
  if (chain.length > 0) {
    // Dropped to the sandbox user, the interpreter is reachable only where staging bound it.
    const staged = [stagedExecutable(bwrapOptions, layout.interpreter.executable), ...python.slice(1)];
    layers.push(["exec chain (nsenter)", [...chain, ...staged]]);
  }
  const user = full.user ? { user: full.user } : {};
  layers.push(["bwrap namespaces", [...chain, ...namespacesOnly(bwrapOptions), "--", ...python], user]);
  const seccomp = full.seccomp ? { seccomp: full.seccomp } : {};
  layers.push(["bwrap full sandbox", [...chain, ...bwrapOptions, "--", ...python], { ...user, ...seccomp }]);
  return layers;
}

/** The executable's path under the `--ro-bind SOURCE TARGET` whose target holds it. */
function stagedExecutable(options: readonly string[], executable: string): string {
  for (let i = 0; i < options.length - 2; i += 1) {
    const source = options[i + 1] ?? "";
    const target = options[i + 2] ?? "";
    if (options[i] === "--ro-bind" && target !== "/usr" && executable.startsWith(`${target}/`)) {
      return source + executable.slice(target.length);
    }
  }
  return executable;
}

/** bwrap's options less the mounts that are not needed to start the interpreter. */
function namespacesOnly(options: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i] ?? "";
    const withValue = ["--proc", "--dev", "--remount-ro", "--chdir", "--seccomp"];
    if (withValue.includes(option)) {
      i += 1;
    } else if (option === "--perms") {
      // --perms MODE [--size N] --tmpfs PATH
      i += options[i + 2] === "--size" ? 5 : 3;
    } else {
      kept.push(option);
    }
  }
  return kept;
}

function timeCommand(argv: readonly string[], how: Start = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const [file = "", ...args] = argv;
    const child = spawnSandbox({ file, args, ...how });
    child.stdin?.end();
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && stdout === "1\n") resolve(performance.now() - started);
      else reject(new Error(`${argv.join(" ")} exited with ${code}: ${stderr.slice(0, 500)}`));
    });
  });
}

interface Phases {
  /** spawn() returned (Node forks and execs synchronously). */
  spawned: number;
  /** bwrap reported the sandbox's pid: the namespaces exist. */
  pid: number;
  /** The bootstrap said it waits for its program: the interpreter has started. */
  ready: number;
  /** The program's first output arrived. */
  output: number;
  /** The bootstrap reported the program's end: where a run's result is ready. */
  report: number;
  /** bwrap exited: the sandbox's namespaces are torn down. */
  exit: number;
  /** Every pipe closed: what a run waits for. */
  close: number;
}

function timeBootstrapRun(layout: SandboxLayout, mountNamespace: string | undefined): Promise<Phases> {
  const command = sandboxCommand(layout, parseRunLimits(), bootstrapSource, mountNamespace);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const at = () => performance.now() - started;
    const child = spawnSandbox(command);
    const phases: Partial<Phases> = { spawned: at() };
    (child.stdio[statusFd] as Readable).once("data", () => {
      phases.pid = at();
    });
    // The runner's own reader of the end report, so the bench cannot drift from what a run waits for.
    const report = new EndReportReader();
    (child.stdio[readyFd] as Readable).on("data", (chunk: Buffer) => {
      if (phases.ready === undefined) {
        phases.ready = at();
        child.stdin?.end(encodeProgram(snippet));
      }
      if (phases.report === undefined && report.push(chunk) !== undefined) phases.report = at();
    });
    child.stdout?.once("data", () => {
      phases.output = at();
    });
    child.stderr?.resume();
    child.on("error", reject);
    child.on("exit", () => {
      phases.exit = at();
    });
    child.on("close", (code) => {
      phases.close = at();
      if (code === 0 && phases.output !== undefined && phases.report !== undefined) resolve(phases as Phases);
      else reject(new Error(`bootstrap run exited with ${code}`));
    });
  });
}

function figuresOf(times: Map<string, number[]>, phases: Phases[]): BenchFigure[] {
  const p50 = (values: readonly number[]) => quantile(values, 0.5);
  const bare = p50(times.get("bare python -I -S") ?? []);
  const figures: BenchFigure[] = [];
  for (const [name, values] of times) {
    figures.push({ figure: `cold path: ${name} p50`, unit: "ms", value: round(p50(values)) });
    figures.push({
      figure: `cold path: ${name} / bare -I -S`,
      unit: "ratio",
      value: round(p50(values) / bare),
    });
  }
  const steps: ReadonlyArray<readonly [string, (phase: Phases) => number]> = [
    ["spawn returns", (phase) => phase.spawned],
    ["spawn to sandbox pid (exec chain, namespaces)", (phase) => phase.pid - phase.spawned],
    ["pid to ready (mounts, interpreter, bootstrap)", (phase) => phase.ready - phase.pid],
    ["ready to first output (program)", (phase) => phase.output - phase.ready],
    ["first output to end report (finishing the program)", (phase) => phase.report - phase.output],
    ["end report to bwrap exit (interpreter exit, teardown)", (phase) => phase.exit - phase.report],
    ["bwrap exit to pipes closed", (phase) => phase.close - phase.exit],
  ];
  for (const [name, of] of steps) {
    figures.push({ figure: `cold phase: ${name} p50`, unit: "ms", value: round(p50(phases.map(of))) });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runs = Number(process.argv[2] ?? 100);
  console.table(await runnerColdPathBenchmark({ quick: false, runs }));
}
