import { machine } from "node:os";
import type { RunLimits, RunRequest, RunResult } from "../../domain/ports/code-runner.js";
import type { RunnerMeter } from "../../domain/ports/meters.js";
import type { Logger } from "../../logger.js";
import { aborted } from "../aborted.js";
import type { RunBackend } from "../run-backend.js";
import { refusedRun } from "../run-results.js";
import { encodeProgram } from "./bootstrap.js";
import { type BootstrapForm, compiledBootstrap } from "./compiled-bootstrap.js";
import { SandboxLauncher } from "./launcher.js";
import { launcherSource } from "./launcher-source.js";
import { PythonSandbox } from "./python-sandbox.js";
import { sandboxCgroups } from "./sandbox-cgroups.js";
import {
  bwrapCommand,
  launcherCommand,
  type SandboxLayout,
  sandboxCommand,
  stagingCommand,
  zygoteArguments,
} from "./sandbox-command.js";
import { SandboxZygote } from "./sandbox-zygote.js";
import { StagingNamespace } from "./staging-namespace.js";
import { WarmPool } from "./warm-pool.js";
import { ZygotePool } from "./zygote-pool.js";
import { zygoteSource } from "./zygote-source.js";

export interface BwrapBackendOptions {
  readonly layout: SandboxLayout;
  readonly limits: RunLimits;
  /** Sandboxes kept started and waiting (RUNNER_WARM_POOL); 0 starts each run cold. */
  readonly warmPool: number;
  /** Use a delegated cgroup v2 for each sandbox's memory and processes where the host offers one. */
  readonly cgroups: boolean;
  /** Start sandboxes through the launcher (default); false spawns each from Node (for comparisons). */
  readonly launcher?: boolean;
  /**
   * Fork each run's sandbox from a zygote (default, RUNNER_ZYGOTE=auto) where one starts; false starts
   * a bwrap of its own for every run (RUNNER_ZYGOTE=off). Needs the launcher.
   */
  readonly zygote?: boolean;
  /** How many zygotes: one per run that may be in flight on this interpreter (see ZygotePool). */
  readonly zygotes?: number;
  readonly logger?: Logger;
  /** Told of every sandbox started. */
  readonly meter?: RunnerMeter;
}

/**
 * The machine's CPython inside bubblewrap, one fresh sandbox per run: forked from a zygote where one
 * works (zygote-source.ts), else a bwrap of its own.
 */
export class BwrapBackend implements RunBackend {
  readonly name = "bwrap" as const;
  /** What holds each sandbox's total memory: a delegated cgroup, or the watchdog where there is none. */
  readonly memoryGuard: "cgroup" | "watchdog";
  /** The cgroup's directory, or why there is none. */
  readonly memoryGuardNote: string;
  readonly #limits: RunLimits;
  readonly #logger: Logger | undefined;
  readonly #start: (zygote?: SandboxZygote) => PythonSandbox;
  #pool: WarmPool | undefined;
  readonly #staging: StagingNamespace | undefined;
  readonly #launcher: SandboxLauncher | undefined;
  #zygotes: ZygotePool | undefined;
  readonly #running = new Set<PythonSandbox>();

  private constructor(
    options: BwrapBackendOptions,
    staging: StagingNamespace | undefined,
    launcher: SandboxLauncher | undefined,
    bootstrap: BootstrapForm,
  ) {
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#staging = staging;
    this.#launcher = launcher;
    // Through the launcher, bwrap starts in the staging namespace as the sandbox user already.
    const command = {
      ...(launcher
        ? bwrapCommand(options.layout, options.limits, bootstrap.source)
        : sandboxCommand(options.layout, options.limits, bootstrap.source, staging?.path)),
      ...(bootstrap.preamble ? { stdinPreamble: bootstrap.preamble } : {}),
    };
    const cgroups = options.cgroups ? sandboxCgroups() : { reason: "turned off (RUNNER_CGROUP=off)" };
    this.memoryGuard = "directory" in cgroups ? "cgroup" : "watchdog";
    this.memoryGuardNote = "directory" in cgroups ? cgroups.directory : cgroups.reason;
    const inCgroup =
      "directory" in cgroups
        ? {
            cgroups,
            limits: { memoryBytes: options.limits.memoryBytes, maxProcesses: options.limits.maxProcesses },
          }
        : undefined;
    this.#start = (zygote) => {
      const sandbox = PythonSandbox.start(command, undefined, inCgroup, launcher, zygote);
      options.meter?.sandboxStarted("bwrap");
      void sandbox.ready.then(() => {
        if (sandbox.cgroupFailure) {
          this.#logger?.warn(
            { reason: sandbox.cgroupFailure },
            "sandbox left out of its cgroup; the watchdog holds it",
          );
        }
      });
      return sandbox;
    };
  }

  /** How runs get their sandbox: forked from a zygote, or a bwrap started for each. */
  get sandboxStart(): "zygote" | "bwrap" {
    return this.#zygotes ? "zygote" : "bwrap";
  }

  /** The zygotes where `zygote` is asked for and one starts here; else the warm pool of bwraps. */
  async #startPools(options: BwrapBackendOptions): Promise<void> {
    const launcher = this.#launcher;
    if (launcher && options.zygote !== false) {
      const command = {
        file: options.layout.bwrap,
        args: zygoteArguments(options.layout, options.limits, zygoteSource),
      };
      const started = await ZygotePool.start({
        size: options.zygotes ?? 1,
        startZygote: () => SandboxZygote.start(launcher, command),
        fork: (zygote) => this.#start(zygote),
        warm: options.warmPool > 0,
        ...(options.logger ? { logger: options.logger } : {}),
      });
      if (started instanceof ZygotePool) {
        this.#zygotes = started;
        return;
      }
      options.logger?.warn(
        { detail: started.detail },
        "sandbox zygote did not start; each run starts its own bwrap",
      );
    }
    if (options.warmPool > 0)
      this.#pool = new WarmPool(() => this.#start(), options.warmPool, options.logger);
  }

  /**
   * Starts the staging namespace if the layout needs one, the launcher, then the warm pool. Where the
   * launcher cannot start, sandboxes are spawned by Node directly (slower, same sandbox).
   */
  static async start(options: BwrapBackendOptions): Promise<BwrapBackend> {
    if (!options.layout.keyringFilter)
      options.logger?.warn(
        { machine: machine() },
        "no keyring filter is known for this architecture: runs can reach kernel keyrings",
      );
    const sleep = options.layout.drop?.staging?.sleep;
    const staging = sleep ? await StagingNamespace.start(stagingCommand(options.layout), sleep) : undefined;
    let launcher: SandboxLauncher | undefined =
      options.launcher === false
        ? undefined
        : new SandboxLauncher(launcherCommand(options.layout, launcherSource, staging?.path));
    try {
      await launcher?.started();
    } catch (error) {
      options.logger?.warn(
        { reason: String(error) },
        "sandbox launcher did not start; Node spawns sandboxes",
      );
      launcher = undefined;
    }
    const bootstrap = await compiledBootstrap(options.layout.interpreter.executable);
    const backend = new BwrapBackend(options, staging, launcher, bootstrap);
    await backend.#startPools(options);
    return backend;
  }

  /** Resolves when the warm pool is full; lets benchmarks and tests measure warm runs as warm. */
  async warmedUp(): Promise<void> {
    await this.#pool?.whenFull();
    await this.#zygotes?.whenFull();
  }

  async execute(request: RunRequest, signal: AbortSignal, limits = this.#limits): Promise<RunResult> {
    const lease = this.#zygotes?.lease();
    const warm = lease?.warm ? lease.sandbox : this.#pool?.take();
    const sandbox = lease?.sandbox ?? warm ?? this.#start();
    const program = encodeProgram(request.code, request.files);
    // A cold sandbox without a cgroup to enter first gets its program with its start (see handOver).
    if (!warm && this.memoryGuard === "watchdog") sandbox.handOver(program, request.stdin ?? "", limits);
    this.#running.add(sandbox);
    try {
      const failure = await Promise.race([sandbox.ready, aborted(signal)]);
      if (signal.aborted) return refusedRun(this.name, "rejected", { code: "cancelled" });
      if (failure) {
        this.#logger?.error({ detail: failure.detail }, "sandbox failed to start");
        return refusedRun(this.name, "unavailable", { code: "sandbox_failed" });
      }
      return await sandbox.run(program, request.stdin ?? "", limits, signal);
    } finally {
      sandbox.kill();
      // A result may come before the sandbox is torn down (see PythonSandbox.run); `close` waits for that.
      void sandbox.closed.then(() => this.#running.delete(sandbox));
      lease?.release();
      this.#pool?.refill();
    }
  }

  async close(): Promise<void> {
    const running = [...this.#running];
    for (const sandbox of running) sandbox.kill();
    await Promise.all([this.#pool?.close(), ...running.map((sandbox) => sandbox.closed)]);
    await this.#zygotes?.close();
    await this.#launcher?.close();
    await this.#staging?.close();
  }
}
