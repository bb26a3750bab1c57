import { spawn } from "node:child_process";
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
  #startupStderr = "";
  #cgroup: SandboxCgroup | undefined;
  /** Why the sandbox is not in a cgroup of its own although the runner has them (for the log). */
  cgroupFailure: string | undefined;

  private constructor(
    command: SandboxCommand,
    startupTimeoutMs: number,
    cgroups?: { readonly cgroups: SandboxCgroups; readonly limits: CgroupLimits },
    launcher?: SandboxLauncher,
  ) {
    // No environment at all: nothing of the bot's (tokens, database URL) can reach the sandbox.
    this.#child =
      launcher?.start(command) ??
      spawn(command.file, [...command.args], {
        stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
        env: {},
        cwd: "/",
        ...(command.user ?? {}),
      });
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
    if (command.stdinPreamble) this.#child.stdin?.write(command.stdinPreamble);
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
   * starts it (the command must then need no user of its own: the launcher's is used).
   */
  static start(
    command: SandboxCommand,
    startupTimeoutMs = 10_000,
    cgroups?: { readonly cgroups: SandboxCgroups; readonly limits: CgroupLimits },
    launcher?: SandboxLauncher,
  ): PythonSandbox {
    return new PythonSandbox(command, startupTimeoutMs, cgroups, launcher);
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /** Hands the program over and resolves when the sandbox has ended; never rejects. */
  run(program: Buffer, stdin: string, limits: RunLimits, signal?: AbortSignal): Promise<RunResult> {
    if (this.#used) throw new Error("a sandbox runs one program only");
    this.#used = true;
    const child = this.#child;
    const stdout = new CappedOutput(limits.outputBytes);
    const stderr = new CappedOutput(limits.outputBytes);
    let stopCause: StopCause | null = null;
    const stop = (cause: StopCause) => {
      stopCause ??= cause;
      this.kill();
    };
    const collect = (stream: DataSource | null, output: CappedOutput) => {
      stream?.on("data", (chunk: Buffer) => {
        if (stopCause === null && output.push(chunk)) stop("output_limit");
      });
    };
    collect(child.stdout, stdout);
    collect(child.stderr, stderr);
    const startedAt = performance.now();
    // The sandbox's pid is known once it is ready, which `run` requires. In a cgroup the kernel holds
    // the memory and the watchdog only looks (CPU time, and the peak where memory.peak is missing).
    const cgroup = this.#cgroup;
    const watchLimit = cgroup ? Number.POSITIVE_INFINITY : limits.memoryBytes;
    const memory = watchMemory(this.#sandboxPid ?? 0, watchLimit, memoryLookMs, () => stop("memory"));
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
        if (cgroup?.memoryExceeded()) stopCause ??= "memory";
        const peakMemoryBytes = cgroup?.peakBytes() ?? watched.peakMemoryBytes;
        const cpuMs = watched.cpuMs;
        signal?.removeEventListener("abort", onAbort);
        const wallMs = Math.round(performance.now() - startedAt);
        const ending = decodeExit(exit.code, exit.signal, stopCause);
        const stderrText = stderr.text();
        const status = statusOf({ ...ending, stopCause, stderr: stderrText });
        resolve({
          status,
          exitCode: ending.exitCode,
          signal: ending.signal,
          stdout: stdout.text(),
          stderr: stderrText,
          stdoutTruncated: stdout.truncated,
          stderrTruncated: stderr.truncated,
          wallMs,
          backend: "bwrap",
          // No look at the sandbox's /proc succeeded: only the per-process address-space limit held it.
          memoryGuard: cgroup ? "cgroup" : watched.peakMemoryBytes > 0 ? "watchdog" : "process",
          peakMemoryBytes,
          ...(watched.peakMemoryBytes > 0 ? { cpuMs } : {}),
          ...(stopCause === "cancelled" ? { reason: { code: "cancelled" } as const } : {}),
          ...outputFilesOf(report),
        });
      };
      // The bootstrap reports the program's end after flushing its output (bootstrap.ts). Output
      // written before the report is readable when the report is, so libuv hands it over in the same
      // poll phase at the latest; a setImmediate callback runs after that phase. The sandbox is then
      // killed and torn down while the result is already on its way.
      this.#whenEndReported((report) =>
        setImmediate(() => {
          settle({ code: report.exitCode, signal: null }, report);
          this.kill();
        }),
      );
      // `closed`, not a new "close" listener: a warm sandbox may have died before it got its program.
      void this.closed.then(() => settle(this.#exit));
      child.stdin?.write(program);
      child.stdin?.end(stdin);
    });
  }

  /** Calls `ended` once with the bootstrap's end report (exit code and files) from its ready pipe. */
  #whenEndReported(ended: (report: EndReport) => void): void {
    const reader = new EndReportReader();
    (this.#child.stdio[readyFd] as DataSource | null)?.on("data", (chunk: Buffer) => {
      const report = reader.push(chunk);
      if (report !== undefined) ended(report);
    });
  }

  /**
   * Kills the sandbox: SIGKILL to its pid 1 ends the whole pid namespace at once; then bwrap itself.
   * (`--die-with-parent` along the chain covers the bot dying instead.)
   *
   * Before bwrap has named that pid (the first milliseconds of a start), killing bwrap alone could leave
   * the sandbox orphaned (its die-with-parent evidently not yet in force), holding our pipes open so that
   * `closed` never resolved: a warm pool closed while refilling hung once in 6 to 26 closes in a loop, and
   * none in 60 since. So the kill waits for the pid, and kills bwrap alone if none comes within a second.
   */
  kill(): void {
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
