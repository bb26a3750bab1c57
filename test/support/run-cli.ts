import { spawn } from "node:child_process";
import { childEntry } from "./child-build.js";
import { repoRoot } from "./paths.js";

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `quizbot ...` as a real child process, feeding `input` on stdin: the sources compiled once per run
 * (child-build.ts), or with `throughBin` the command users run, bin/quizbot.js on the sources through tsx.
 */
export function runQuizbot(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; throughBin?: boolean } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const entry = options.throughBin ? "bin/quizbot.js" : childEntry();
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: repoRoot,
      // One interpreter, not every one on the machine: each would cost a sandbox start per process.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NO_COLOR: "1",
        ...oneInterpreter,
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Tests of other things run snippets on RUNNER_PYTHON alone (test/runner/interpreters.test.ts covers several). */
const oneInterpreter = { RUNNER_INTERPRETERS: "python3=python3" };
