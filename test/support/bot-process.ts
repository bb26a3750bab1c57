import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { childEntry } from "./child-build.js";
import { pgliteTemplatePath, repoRoot } from "./paths.js";

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A long-running `quizbot start` child whose stdin stays open, so a test can type into the console
 * between its own checks, and then end it the hard way (`kill("SIGKILL")`) or the polite one (SIGTERM).
 * Unlike `runQuizbot`, nothing is fed up front: a crash test needs answers in flight at a chosen moment.
 */
export class BotProcess {
  stdout = "";
  stderr = "";
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<() => void>();

  private constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    // The sources compiled once per run, not bin/quizbot.js's tsx: see child-build.ts.
    this.child = spawn(process.execPath, [childEntry(), ...args], {
      cwd: repoRoot,
      // One interpreter, not every one on the machine: each would cost a sandbox start per process.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...oneInterpreter, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString("utf8");
      for (const listener of [...this.listeners]) listener();
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    // A write racing a kill must not fail the test: the crash is the point.
    this.child.stdin.on("error", () => {});
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => resolve({ code, signal }));
    });
  }

  static start(args: readonly string[], env: NodeJS.ProcessEnv = {}): BotProcess {
    return new BotProcess(["start", ...args], env);
  }

  /** Any other long-running `quizbot` command (`runner serve`). */
  static command(args: readonly string[], env: NodeJS.ProcessEnv = {}): BotProcess {
    return new BotProcess(args, env);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Types lines into the console. */
  type(...lines: string[]): void {
    this.child.stdin.write(`${lines.join("\n")}\n`);
  }

  endInput(): void {
    this.child.stdin.end();
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves once stdout (from character `from` on) matches `pattern`; rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, options: { from?: number; timeoutMs?: number } = {}): Promise<void> {
    const matches = () => pattern.test(this.stdout.slice(options.from ?? 0));
    if (matches()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`no output matching ${pattern} within ${options.timeoutMs ?? 20_000} ms:\n${this.stdout}
--- stderr ---
${this.stderr}`),
        );
      }, options.timeoutMs ?? 20_000);
      const check = () => {
        if (!matches()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }
}

/**
 * A pack of `count` three-option choice questions, so any letter A-C typed in the console is an answer
 * whatever question the round picks. Returns the folder to pass as QUIZ_PACKS_DIR.
 */
export async function writeChoicePack(root: string, count: number): Promise<string> {
  const folder = path.join(root, "packs", "faults");
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "pack.yaml"),
    [
      "id: faults",
      "title: Fault pack",
      "description: Choice questions for the fault tests.",
      "language: en",
      "version: 1.0.0",
      "author: tests",
      "defaults:",
      "  seconds: 30",
      "",
    ].join("\n"),
  );
  const questions = Array.from({ length: count }, (_, index) =>
    [
      `  - id: fault-${index + 1}`,
      "    kind: choice",
      "    tags: [faults]",
      "    difficulty: 1",
      `    prompt: Fault question ${index + 1}?`,
      "    options: [first, second, third]",
      "    answer: 1",
      "    keep_order: true",
      "    explanation: The second option is right.",
    ].join("\n"),
  );
  await writeFile(path.join(folder, "questions.yaml"), `questions:\n${questions.join("\n\n")}\n`);
  return path.join(root, "packs");
}

/**
 * Fills `dataDir` (what `--data-dir` takes) with a migrated copy of the test template, so a child bot
 * skips initdb and migrations: they are not under test, and cost tens of seconds on a busy machine.
 */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  const template = new Blob([await readFile(pgliteTemplatePath())]);
  await mkdir(dataDir, { recursive: true });
  const seeded = await PGlite.create({ dataDir: path.join(dataDir, "pglite"), loadDataDir: template });
  await seeded.close();
}

/** Tests of other things run snippets on RUNNER_PYTHON alone (test/runner/interpreters.test.ts covers several). */
const oneInterpreter = { RUNNER_INTERPRETERS: "python3=python3" };
