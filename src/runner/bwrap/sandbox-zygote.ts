import type { Readable } from "node:stream";
import type { LaunchedProcess, SandboxLauncher } from "./launcher.js";
import type { StartFailure } from "./python-sandbox.js";
import { readyFd, type SandboxCommand } from "./sandbox-command.js";

/**
 * One zygote (zygote-source.ts) as the runner holds it: started through the launcher, it forks a
 * sandbox for each run. Runs may be asked for before it is ready: the launcher hands them over on its
 * socket, which the zygote reads once it is.
 */
export class SandboxZygote {
  readonly #launcher: SandboxLauncher;
  readonly #process: LaunchedProcess;
  /** null once the zygote says it is ready; why not, if it exits or does not say so in time. */
  readonly ready: Promise<StartFailure | null>;
  readonly closed: Promise<void>;
  #exited = false;
  #stderr = "";

  private constructor(launcher: SandboxLauncher, command: SandboxCommand, timeoutMs: number) {
    this.#launcher = launcher;
    this.#process = launcher.startZygote(command);
    this.#process.stderr.on("data", (chunk: Buffer) => {
      if (this.#stderr.length < 2000) this.#stderr += chunk.toString("utf8");
    });
    this.closed = new Promise((resolve) => {
      this.#process.once("close", () => resolve());
      this.#process.once("error", () => resolve());
    });
    void this.closed.then(() => {
      this.#exited = true;
    });
    this.ready = new Promise<StartFailure | null>((resolve) => {
      const timer = setTimeout(() => resolve({ detail: "the zygote did not start in time" }), timeoutMs);
      timer.unref();
      const settle = (outcome: StartFailure | null) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      (this.#process.stdio[readyFd] as unknown as Readable).once("data", (chunk: Buffer) =>
        settle(chunk.includes("Z") ? null : { detail: "the zygote said something unexpected" }),
      );
      this.#process.once("error", (error: Error) => settle({ detail: error.message }));
      void this.closed.then(() => settle({ detail: this.#stderr.trim() || "the zygote exited at start" }));
    });
    void this.ready.then((failure) => {
      if (failure !== null) this.close();
    });
  }

  static start(launcher: SandboxLauncher, command: SandboxCommand, timeoutMs = 10_000): SandboxZygote {
    return new SandboxZygote(launcher, command, timeoutMs);
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /** What the zygote wrote on its stderr (for the log when it fails). */
  get stderr(): string {
    return this.#stderr;
  }

  /** Forks one run: a process as PythonSandbox uses it, whose pid is the run's program process. */
  fork(): LaunchedProcess {
    return this.#launcher.startInZygote(this.#process);
  }

  /** Kills the zygote; its runs die with it. Resolves once it has exited. */
  close(): Promise<void> {
    this.#process.kill("SIGKILL");
    return this.closed;
  }
}
