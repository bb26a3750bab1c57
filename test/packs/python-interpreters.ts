import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A CPython the pack's snippets are run on. */
export interface PythonInterpreter {
  /** How the test names it: `python3 (3.11.7)`, `pyenv 3.13.0`. */
  readonly label: string;
  readonly command: string;
  readonly version: string;
}

export interface InterpreterSearch {
  readonly found: readonly PythonInterpreter[];
  /** One line per candidate that will not run, saying why. */
  readonly skipped: readonly string[];
}

/** The minor versions the pack promises to be right on, besides whatever `python3` is. */
export const PACK_PYTHON_VERSIONS = ["3.11", "3.12", "3.13"] as const;

/**
 * `python3` plus the newest pyenv patch release of every version in {@link PACK_PYTHON_VERSIONS},
 * each probed once; an interpreter that is the same binary as one already found is run only once.
 */
export async function findInterpreters(): Promise<InterpreterSearch> {
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(homedir(), ".pyenv");
  const installed = await pyenvVersions(pyenvRoot);
  const candidates: { label: string; command: string; missing?: string }[] = [
    { label: "python3", command: "python3" },
  ];
  for (const minor of PACK_PYTHON_VERSIONS) {
    const newest = newestPatch(installed, minor);
    if (newest === undefined)
      candidates.push({
        label: `pyenv ${minor}`,
        command: "",
        missing: `no ${minor}.x under ${pyenvRoot}/versions`,
      });
    else
      candidates.push({
        label: `pyenv ${newest}`,
        command: path.join(pyenvRoot, "versions", newest, "bin", "python3"),
      });
  }
  const found: PythonInterpreter[] = [];
  const skipped: string[] = [];
  const seen = new Map<string, string>();
  for (const candidate of candidates) {
    if (candidate.missing !== undefined) {
      skipped.push(`${candidate.label}: ${candidate.missing}`);
      continue;
    }
    const probe = await probeInterpreter(candidate.command);
    if (probe === undefined) {
      skipped.push(`${candidate.label}: ${candidate.command} does not run`);
      continue;
    }
    const twin = seen.get(probe.executable);
    if (twin !== undefined) {
      skipped.push(`${candidate.label}: the same interpreter as ${twin}, already run`);
      continue;
    }
    const label = candidate.label === "python3" ? `python3 (${probe.version})` : candidate.label;
    seen.set(probe.executable, label);
    found.push({ label, command: candidate.command, version: probe.version });
  }
  return { found, skipped };
}

async function pyenvVersions(root: string): Promise<string[]> {
  try {
    return await readdir(path.join(root, "versions"));
  } catch {
    return [];
  }
}

/** `3.12` among `3.12.1`, `3.12.10`, `3.12.4t`: plain CPython releases only, highest patch. */
function newestPatch(versions: readonly string[], minor: string): string | undefined {
  const pattern = new RegExp(`^${minor.replace(".", "\\.")}\\.(\\d+)$`);
  return versions
    .map((version) => ({ version, patch: Number(pattern.exec(version)?.[1] ?? Number.NaN) }))
    .filter((entry) => Number.isInteger(entry.patch))
    .sort((a, b) => b.patch - a.patch)[0]?.version;
}

async function probeInterpreter(
  command: string,
): Promise<{ executable: string; version: string } | undefined> {
  const script =
    "import os, platform, sys; print(os.path.realpath(sys.executable)); print(platform.python_version())";
  const result = await runProcess(command, ["-I", "-c", script], "", 30_000);
  const [executable, version] = result.stdout.trim().split("\n");
  if (result.exitCode !== 0 || executable === undefined || version === undefined) return undefined;
  return { executable, version };
}

/** One snippet's run as the driver reports it. */
export interface SnippetRun {
  readonly id: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
}

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "snippet-driver.py");

/**
 * Runs every snippet once on `interpreter` with snippet-driver.py: one interpreter start for all of
 * them, a fresh `python3 -I main.py`-like child per snippet. Rejects when the driver itself fails.
 */
export async function runSnippets(
  interpreter: Pick<PythonInterpreter, "command">,
  snippets: readonly { id: string; code: string }[],
  snippetTimeoutSeconds = 10,
): Promise<SnippetRun[]> {
  const job = JSON.stringify({ timeout: snippetTimeoutSeconds, snippets });
  const limitMs = (snippets.length * snippetTimeoutSeconds + 30) * 1000;
  const result = await runProcess(interpreter.command, ["-I", DRIVER], job, limitMs);
  if (result.exitCode !== 0)
    throw new Error(
      `the snippet driver failed on ${interpreter.command} (${result.exitCode}):\n${result.stderr}`,
    );
  return result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SnippetRun);
}

function runProcess(
  command: string,
  args: readonly string[],
  stdin: string,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      timeout: timeoutMs,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error) => resolve({ stdout, stderr: `${stderr}${error.message}`, exitCode: null }));
    child.on("close", (exitCode) => resolve({ stdout, stderr, exitCode }));
    child.stdin.on("error", () => {});
    child.stdin.end(stdin);
  });
}
