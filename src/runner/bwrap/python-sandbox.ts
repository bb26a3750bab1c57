import { performance } from "node:perf_hooks";
import type { RunLimits, RunResult } from "../../domain/ports/code-runner.js";
import { CappedOutput } from "../capped-output.js";
import { checkOutputFiles } from "../output-files.js";
import { type StopCause, signalName, statusOf } from "../run-results.js";
import { type EndReport, EndReportReader } from "./end-report.js";
import type { SandboxLauncher } from "./launcher.js";
import { watchMemory } from "./memory-watchdog.js";
import {
  type CgroupLimits,
  processTree,
  type SandboxCgroup,
  type SandboxCgroups,
} from "./sandbox-cgroups.js";
import { readyFd, type SandboxCommand, statusFd } from "./sandbox-command.js";
import type { SandboxZygote } from "./sandbox-zygote.js";
import { spawnSandbox } from "./spawn-sandbox.js";
import { readSandboxPid } from "./status-report.js";

/** How often a running sandbox's memory is summed (see memory-watchdog.ts for the margin this leaves). */
const memoryLookMs = 3;

/** An output fd of the sandbox's process. */
interface DataSource {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  once(event: "data", listener: (chunk: Buffer) => void): unknown;
  off(event: "data", listener: (chunk: Buffer) => void): unknown;
}

/** What the sandbox uses of its bwrap process: a ChildProcess, or one the launcher started (launcher.ts). */
interface SandboxProcess {
  readonly pid?: number | undefined;
  readonly stdin: {
    on(event: "error", listener: () => void): unknown;
    write(data: Buffer): unknown;
    end(data: string): unknown;
  } | null;
  readonly stdout: DataSource | null;
  readonly stderr: DataSource | null;
  readonly stdio: readonly unknown[];
  kill(signal: NodeJS.Signals): boolean;
  on(event: "exit", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  once(event: "close", listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: "exit", listener: () => void): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
}

/** One run's output and end, collected from the hand-over on. */
interface Session {
  readonly stdout: CappedOutput;
  readonly stderr: CappedOutput;
  stopCause: StopCause | null;
  /** Calls back once with the bootstrap's end report (exit code, files, CPU), at once if it came. */
  whenReported(callback: (report: EndReport) => void): void;
  /** The end report, if it has come. */
  report(): EndReport | undefined;
}

/** What the caller gets when a sandbox could not start: bwrap's own complaint, for the log. */
export interface StartFailure {
  readonly detail: string;
}

/**
 * One bubblewrap sandbox with the bootstrap waiting for its program. It runs exactly one program and
 * is never reused: a snippet may leave anything behind (files, processes, patched modules).
 */
export class PythonSandbox {
  readonly #child: SandboxProcess;
  readonly ready: Promise<StartFailure | null>;
  /** Resolves when bwrap has exited and its pipes are closed. */
  readonly closed: Promise<void>;
  #sandboxPid: number | undefined;
  /** Set when `kill` came before bwrap named the sandbox's pid: the kill is finished once it does. */
  #killPending: NodeJS.Timeout | undefined;
  #exited = false;
  #exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
  #used = false;
  #killRequested = false;
  /** Set when the program went in with the start (`handOver`), before the sandbox said it was ready. */
  #handedOver = false;
  /** Forked by a zygote, whose slot init is the pid 1 of many runs in turn: not counted as the run's. */
  readonly #slotInit: boolean;
  #session: Session | undefined;
  #startupStderr = "";
  #cgroup: SandboxCgroup | undefined;
  /** Why the sandbox is not in a cgroup of its own although the runner has them (for the log). */
  cgroupFailure: string | undefined;

  private constructor(
    command: SandboxCommand,
    startupTimeoutMs: number,
    cgroups?: { readonly cgroups: SandboxCgroups; readonly limits: CgroupLimits },
    launcher?: SandboxLauncher,
    zygote?: SandboxZygote,
  ) {
    this.#slotInit = zygote !== undefined;
    this.#child = zygote?.fork() ?? launcher?.start(command) ?? spawnSandbox(command);
    // An error after start-up (a failed kill) must not become an uncaught exception; exit tells the rest.
    this.#child.on("error", () => {});
    this.#child.on("exit", () => {
      this.#exited = true;
      clearTimeout(this.#killPending);
    });
    this.closed = new Promise((resolve) => {
      this.#child.once("close", (code, signal) => {
        this.#exit = { code, signal };
        resolve();
      });
      this.#child.once("error", () => {
        if (this.#child.pid === undefined) resolve(); // never started: no close will follow
      });
    });
    // A sandbox that ends early closes stdin under us; the result says what happened, not an EPIPE.
    this.#child.stdin?.on("error", () => {});
    // A zygote's run has the bootstrap already; only a fresh interpreter reads it first.
    if (command.stdinPreamble && !zygote) this.#child.stdin?.write(command.stdinPreamble);
    this.ready = this.#waitUntilReady(startupTimeoutMs).then((failure) => {
      if (failure === null && cgroups) this.#enterCgroup(cgroups.cgroups, cgroups.limits);
      return failure;
    });
    void this.closed.then(() => this.#cgroup?.remove());
  }

  #enterCgroup(cgroups: SandboxCgroups, limits: CgroupLimits): void {
    let cgroup: SandboxCgroup | undefined;
    try {
      cgroup = cgroups.create(limits);
      // bwrap, the sandbox's pid 1 and the bootstrap, which waits for its program: all there is yet.
      cgroup.enter(this.#child.pid === undefined ? [] : processTree(this.#child.pid));
      this.#cgroup = cgroup;
      if (this.#exited) cgroup.remove(); // `closed` may have come first, and removed nothing
    } catch (error) {
      cgroup?.remove();
      this.cgroupFailure = error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * Spawns a sandbox; await `ready` (null when it is waiting for a program) before `run`. With
   * `cgroups`, the sandbox's processes move into a cgroup of their own once it is ready, before it
   * has its program; if that fails, the watchdog holds it instead. With `launcher`, the launcher
   * starts it (the command must then need no user of its own: the launcher's is used). With `zygote`,
   * the zygote forks it instead and `command` is not used.
   */
  static start(
    command: SandboxCommand,
    startupTimeoutMs = 10_000,
    cgroups?: { readonly cgroups: SandboxCgroups; readonly limits: CgroupLimits },
    launcher?: SandboxLauncher,
    zygote?: SandboxZygote,
  ): PythonSandbox {
    return new PythonSandbox(command, startupTimeoutMs, cgroups, launcher, zygote);
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /** Whether the runner has killed it (a start that fails after that is not the sandbox's fault). */
  get killRequested(): boolean {
    return this.#killRequested;
  }

  /**
   * Writes the program now, before the sandbox is ready, for a cold run where no cgroup must be
   * entered first: the bootstrap takes it as soon as it can, instead of after a round trip through the
   * runner. `run` must follow, with the same program. The output and the end report are collected from
   * now on; the watchdog starts looking when `run` is called, which a short program may have outlived:
   * its CPU time then comes from the end report.
   */
  handOver(program: Buffer, stdin: string, limits: RunLimits): void {
    if (this.#handedOver || this.#used) return;
    this.#handedOver = true;
    this.#open(limits);
    this.#child.stdin?.write(program);
    this.#child.stdin?.end(stdin);
  }

  /** Hands the program over (unless `handOver` did) and resolves when the sandbox has ended; never rejects. */
  run(program: Buffer, stdin: string, limits: RunLimits, signal?: AbortSignal): Promise<RunResult> {
    if (this.#used) throw new Error("a sandbox runs one program only");
    this.#used = true;
    const session = this.#open(limits);
    const { stdout, stderr } = session;
    const stop = (cause: StopCause) => this.#stop(session, cause);
    const startedAt = performance.now();
    // The sandbox's pid is known once it is ready, which `run` requires. In a cgroup the kernel holds
    // the memory and the watchdog only looks (CPU time, and the peak where memory.peak is missing).
    const cgroup = this.#cgroup;
    const watchLimit = cgroup ? Number.POSITIVE_INFINITY : limits.memoryBytes;
    const watched = { pid: this.#sandboxPid ?? 0, withoutPid1: this.#slotInit };
    const memory = watchMemory(watched, watchLimit, memoryLookMs, () => stop("memory"));
    return new Promise<RunResult>((resolve) => {
      const timer = setTimeout(() => stop("timeout"), limits.wallMs);
      const onAbort = () => stop("cancelled");
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) onAbort();
      let settled = false;
      const settle = (exit: { code: number | null; signal: NodeJS.Signals | null }, report?: EndReport) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const watched = memory.stop();
        if (cgroup?.memoryExceeded()) session.stopCause ??= "memory";
        const stopCause = session.stopCause;
        // The watchdog's highest look, or the bootstrap's own figure when a short program ended before any.
        const peakMemoryBytes =
          cgroup?.peakBytes() ?? Math.max(watched.peakMemoryBytes, report?.peakMemoryBytes ?? 0);
        // The watchdog's last look, or the bootstrap's own figure when that is more (a short program).
        const cpuMs = Math.max(watched.cpuMs, report?.cpuMs ?? 0);
        const watchedAny = watched.peakMemoryBytes > 0 || (this.#handedOver && report?.cpuMs !== undefined);
        signal?.removeEventListener("abort", onAbort);
        const ending = decodeExit(exit.code, exit.signal, stopCause);
        const stderrText = stderr.text();
        resolve({
          status: statusOf({ ...ending, stopCause, stderr: stderrText }),
          exitCode: ending.exitCode,
          signal: ending.signal,
          stdout: stdout.text(),
          stderr: stderrText,
          stdoutTruncated: stdout.truncated,
          stderrTruncated: stderr.truncated,
          // A handed-over program may have ended before `run` started this clock: the bootstrap's then
          // (a program can forge that figure of its own run, but not past the wall limit).
          wallMs: Math.max(
            Math.round(performance.now() - startedAt),
            Math.min(report?.wallMs ?? 0, limits.wallMs),
          ),
          backend: "bwrap",
          // No look at the sandbox's /proc succeeded: only the per-process address-space limit held it.
          memoryGuard: cgroup ? "cgroup" : watchedAny ? "watchdog" : "process",
          peakMemoryBytes,
          ...(watched.peakMemoryBytes > 0 || report?.cpuMs !== undefined ? { cpuMs } : {}),
          ...(stopCause === "cancelled" ? { reason: { code: "cancelled" } as const } : {}),
          ...outputFilesOf(report),
        });
      };
      // The bootstrap reports the program's end after flushing its output (bootstrap.ts). Output
      // written before the report is readable when the report is, so libuv hands it over in the same
      // poll phase at the latest; a setImmediate callback runs after that phase. The sandbox is then
      // killed and torn down while the result is already on its way.
      session.whenReported((report) =>
        setImmediate(() => {
          settle({ code: report.exitCode, signal: null }, report);
          this.kill();
        }),
      );
      // `closed`, not a new "close" listener: a warm sandbox may have died before it got its program.
      // A handed-over program may have reported and ended before `run`: its report still counts.
      void this.closed.then(() => {
        const report = session.report();
        settle(report ? { code: report.exitCode, signal: null } : this.#exit, report);
      });
      if (!this.#handedOver) {
        this.#child.stdin?.write(program);
        this.#child.stdin?.end(stdin);
      }
    });
  }

  /** Starts collecting the run's output and its end report (once; `handOver` may have done so). */
  #open(limits: RunLimits): Session {
    if (this.#session) return this.#session;
    let report: EndReport | undefined;
    let ended: ((report: EndReport) => void) | undefined;
    const session: Session = {
      stdout: new CappedOutput(limits.outputBytes),
      stderr: new CappedOutput(limits.outputBytes),
      stopCause: null,
      whenReported(callback) {
        if (report !== undefined) callback(report);
        else ended = callback;
      },
      report: () => report,
    };
    const collect = (stream: DataSource | null, output: CappedOutput) => {
      stream?.on("data", (chunk: Buffer) => {
        if (session.stopCause === null && output.push(chunk)) this.#stop(session, "output_limit");
      });
    };
    collect(this.#child.stdout, session.stdout);
    collect(this.#child.stderr, session.stderr);
    const reader = new EndReportReader();
    (this.#child.stdio[readyFd] as DataSource | null)?.on("data", (chunk: Buffer) => {
      const done = reader.push(chunk);
      if (done === undefined) return;
      report = done;
      ended?.(done);
    });
    this.#session = session;
    return session;
  }

  #stop(session: Session, cause: StopCause): void {
    session.stopCause ??= cause;
    this.kill();
  }

  /**
   * Kills the sandbox: SIGKILL to the process bwrap named ends the whole pid namespace at once (a
   * zygote's run: its program process, after which its slot's init kills the rest); then bwrap itself.
   * (`--die-with-parent` along the chain covers the bot dying instead.)
   *
   * Before bwrap has named that pid (the first milliseconds of a start), killing bwrap alone could leave
   * the sandbox orphaned (its die-with-parent evidently not yet in force), holding our pipes open so that
   * `closed` never resolved: a warm pool closed while refilling hung once in 6 to 26 closes in a loop, and
   * none in 60 since. So the kill waits for the pid, and kills bwrap alone if none comes within a second.
   */
  kill(): void {
    this.#killRequested = true;
    if (this.#exited) return;
    if (this.#sandboxPid === undefined) {
      this.#killPending ??= setTimeout(() => this.#child.kill("SIGKILL"), 1000);
      return;
    }
    try {
      process.kill(this.#sandboxPid, "SIGKILL");
    } catch {
      // Already gone.
    }
    this.#child.kill("SIGKILL");
  }

  async #waitUntilReady(timeoutMs: number): Promise<StartFailure | null> {
    const child = this.#child;
    const status = child.stdio[statusFd] as DataSource | null;
    const ready = child.stdio[readyFd] as DataSource | null;
    const startupStderr = (chunk: Buffer) => {
      if (this.#startupStderr.length < 2000) this.#startupStderr += chunk.toString("utf8");
    };
    child.stderr?.on("data", startupStderr);
    try {
      const outcome = await new Promise<StartFailure | null>((resolve) => {
        let pid: number | undefined;
        let bootstrapReady = false;
        const settle = () => {
          if (pid !== undefined && bootstrapReady) resolve(null);
        };
        const timer = setTimeout(() => resolve({ detail: "sandbox did not start in time" }), timeoutMs);
        timer.unref();
        let statusText = "";
        status?.on("data", (chunk: Buffer) => {
          if (pid !== undefined) return; // Only bwrap's first report counts; see readSandboxPid.
          statusText += chunk.toString("utf8");
          pid = readSandboxPid(statusText);
          if (pid !== undefined) {
            this.#sandboxPid = pid;
            if (this.#killPending !== undefined) this.kill();
          }
          settle();
        });
        ready?.once("data", () => {
          bootstrapReady = true;
          settle();
        });
        child.once("error", (error) => resolve({ detail: error.message }));
        child.once("exit", () =>
          resolve({ detail: this.#startupStderr.trim() || "sandbox exited at start" }),
        );
      });
      if (outcome !== null) this.kill();
      return outcome;
    } finally {
      child.stderr?.off("data", startupStderr);
    }
  }
}

/** bwrap reports a program killed by signal N as exit code 128 + N (its shell-like convention). */
function decodeExit(
  code: number | null,
  killSignal: NodeJS.Signals | null,
  stopCause: StopCause | null,
): { exitCode: number | null; signal: string | null } {
  if (stopCause !== null) {
    return { exitCode: null, signal: "SIGKILL" };
  }
  if (code !== null && code > 128) {
    const name = signalName(code - 128);
    if (name !== undefined) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: code === null ? (killSignal ?? null) : null };
}

/** The files a run returns, checked again here (see output-files.ts); nothing when there were none. */
function outputFilesOf(report: EndReport | undefined): Pick<RunResult, "files" | "filesLeftOut"> {
  if (!report || (report.files.length === 0 && report.leftOut.length === 0)) return {};
  const { files, leftOut } = checkOutputFiles(report.files, report.leftOut);
  return { files, ...(leftOut.length > 0 ? { filesLeftOut: leftOut } : {}) };
}
