import { type ChildProcess, spawn } from "node:child_process";
import { readlink } from "node:fs/promises";
import type { Readable } from "node:stream";
import { type SandboxCommand, statusFd } from "./sandbox-command.js";
import { readSandboxPid } from "./status-report.js";

/**
 * The process that holds the staging mount namespace for as long as the runner lives (see
 * `stagingCommand`). It dies with the bot (`--die-with-parent`, root signalling root) and on `close`.
 */
export class StagingNamespace {
  readonly #child: ChildProcess;
  readonly #pid: number;
  #exited = false;

  private constructor(child: ChildProcess, pid: number) {
    this.#child = child;
    this.#pid = pid;
    child.on("exit", () => {
      this.#exited = true;
    });
  }

  /** Starts the holder and resolves once its namespace exists; rejects when it cannot start. */
  static start(command: SandboxCommand, sleep: string, timeoutMs = 10_000): Promise<StagingNamespace> {
    const child = spawn(command.file, [...command.args], {
      stdio: ["ignore", "ignore", "pipe", "pipe"],
      env: {},
      cwd: "/",
    });
    return new Promise((resolve, reject) => {
      let stderr = "";
      let report = "";
      const fail = (reason: string) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(new Error(`staging namespace: ${reason}`));
      };
      const timer = setTimeout(() => fail("did not start in time"), timeoutMs);
      child.on("error", (error) => fail(error.message));
      child.on("exit", () => fail(stderr.trim() || "exited at start"));
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      (child.stdio[statusFd] as Readable | null)?.on("data", (chunk: Buffer) => {
        report += chunk.toString("utf8");
        const pid = readSandboxPid(report);
        if (pid === undefined) return;
        report = "";
        // bwrap names the pid as soon as it has cloned, before the binds exist; once the holder has
        // exec'd `sleep`, the namespace is complete.
        void waitForExec(pid, sleep, () => child.exitCode === null && child.signalCode === null).then(
          (execed) => {
            if (!execed) return;
            clearTimeout(timer);
            child.removeAllListeners("exit");
            resolve(new StagingNamespace(child, pid));
          },
        );
      });
    });
  }

  /** For `nsenter --mount=`. */
  get path(): string {
    return `/proc/${this.#pid}/ns/mnt`;
  }

  get alive(): boolean {
    return !this.#exited;
  }

  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill("SIGKILL");
    await exited;
  }
}

async function waitForExec(pid: number, program: string, stillRunning: () => boolean): Promise<boolean> {
  while (stillRunning()) {
    try {
      if ((await readlink(`/proc/${pid}/exe`)) === program) return true;
    } catch {
      return false; // gone
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}
