import { readdir, readFile, realpath } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Environment } from "../config.js";
import type { InterpreterInfo } from "../domain/ports/code-runner.js";
import { type Interpreter, probeInterpreter } from "./bwrap/interpreter-probe.js";

/** An interpreter to offer: a name and the command that starts it (`pyodide` for Pyodide). */
export interface InterpreterChoice {
  readonly name: string;
  readonly python: string;
}

/** A choice whose interpreter answered on the host: what it is, before any sandbox has run it. */
export interface FoundInterpreter extends InterpreterInfo {
  readonly python: string;
  /** What the host probe found (paths to bind), so the sandbox need not ask again; absent for Pyodide. */
  readonly resolved?: Interpreter;
}

export interface InterpreterSearch {
  /** The default (RUNNER_PYTHON) first. */
  readonly found: readonly FoundInterpreter[];
  /** One line per candidate left out, saying why. */
  readonly skipped: readonly string[];
}

export const pyodideCommand = "pyodide";
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** The bootstrap needs 3.8 or later (`sys.stdout.reconfigure`, positional-only parameters in the stdlib it uses). */
const oldest = [3, 8] as const;

/**
 * Parses RUNNER_INTERPRETERS: `auto` (discover), or `name=command` pairs separated by commas, where
 * `pyodide` alone (or `name=pyodide`) adds Pyodide. Throws with a message naming the bad entry.
 */
export function parseInterpreterList(text: string): "auto" | InterpreterChoice[] {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "auto") return "auto";
  const choices: InterpreterChoice[] = [];
  for (const entry of trimmed.split(",")) {
    const item = entry.trim();
    if (item === "") continue;
    const at = item.indexOf("=");
    const name = at < 0 ? item : item.slice(0, at).trim();
    const python = at < 0 ? item : item.slice(at + 1).trim();
    if (!namePattern.test(name))
      throw new Error(`interpreter name ${JSON.stringify(name)} is not a plain word`);
    if (python === "") throw new Error(`interpreter ${name} has no command`);
    if (choices.some((choice) => choice.name === name))
      throw new Error(`interpreter ${name} is listed twice`);
    choices.push({ name, python });
  }
  return choices;
}

export interface DiscoveryOptions {
  /** RUNNER_PYTHON: the default interpreter, a command or a name of the list. */
  readonly python: string;
  /** RUNNER_INTERPRETERS, parsed. */
  readonly list: "auto" | readonly InterpreterChoice[];
  /** Where pyenv keeps its versions (`$PYENV_ROOT`, default `~/.pyenv`). */
  readonly pyenvRoot?: string;
  /** Whether Pyodide counts as one more (auto-discovery only; a list says it itself). */
  readonly pyodide?: boolean;
}

/**
 * The interpreters to offer, each asked once on the host what it is (`-I -S`, no sandbox yet):
 * with `auto`, RUNNER_PYTHON, Debian's `/usr/bin/python3.N` and pyenv's `$PYENV_ROOT/versions/X`,
 * named by their minor version (`3.12`, `3.13t` when free-threaded; a second build of the same
 * minor version by its full version) and deduplicated by their real executable; then Pyodide.
 */
export async function discoverInterpreters(options: DiscoveryOptions): Promise<InterpreterSearch> {
  const listed = options.list === "auto" ? undefined : options.list;
  const defaultChoice = listed?.find((choice) => choice.name === options.python);
  const candidates: { name?: string; python: string }[] = defaultChoice
    ? [defaultChoice, ...(listed ?? []).filter((choice) => choice !== defaultChoice)]
    : [{ python: options.python }, ...(listed ?? (await machineInterpreters(options.pyenvRoot)))];
  if (!listed && options.pyodide !== false) candidates.push({ name: pyodideCommand, python: pyodideCommand });
  const found: FoundInterpreter[] = [];
  const skipped: string[] = [];
  const executables = new Set<string>();
  // Asked side by side: each answer costs an interpreter start (and a sysconfig import).
  const answers = await Promise.all(candidates.map((candidate) => describe(candidate.python)));
  for (const [index, candidate] of candidates.entries()) {
    const described = answers[index] ?? "not asked";
    if (typeof described === "string") {
      skipped.push(`${candidate.python}: ${described}`);
      continue;
    }
    const executable = described.resolved?.executable;
    if (executable !== undefined) {
      if (executables.has(executable)) continue; // the same binary under another path
      executables.add(executable);
    }
    const name =
      candidate.name ?? (described.info.backend === "pyodide" ? pyodideCommand : nameFor(described, found));
    if (found.some((other) => other.name === name)) {
      skipped.push(`${candidate.python}: the name ${name} is taken`);
      continue;
    }
    found.push({
      ...described.info,
      name,
      python: candidate.python,
      ...(described.resolved ? { resolved: described.resolved } : {}),
    });
  }
  return { found, skipped };
}

type Described = { info: Omit<InterpreterInfo, "name">; resolved?: Interpreter };

async function describe(python: string): Promise<Described | string> {
  if (python === pyodideCommand) {
    return { info: { version: await pyodidePythonVersion(), backend: "pyodide", freeThreaded: false } };
  }
  try {
    const interpreter = await probeInterpreter(python);
    const [major = 0, minor = 0] = interpreter.version.split(".").map(Number);
    if (major < oldest[0] || (major === oldest[0] && minor < oldest[1])) {
      return `Python ${interpreter.version} is older than ${oldest.join(".")}`;
    }
    const info = {
      version: interpreter.version,
      backend: "bwrap" as const,
      freeThreaded: interpreter.freeThreaded,
    };
    return { info, resolved: interpreter };
  } catch (error) {
    return `does not run (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
}

function nameFor(described: Described, taken: readonly FoundInterpreter[]): string {
  const { version, freeThreaded } = described.info;
  const suffix = freeThreaded ? "t" : "";
  const short = `${version.split(".").slice(0, 2).join(".")}${suffix}`;
  return taken.some((other) => other.name === short) ? `${version}${suffix}` : short;
}

/** The interpreters RUNNER_INTERPRETERS, RUNNER_PYTHON and PYENV_ROOT describe. */
export function interpretersFrom(
  env: Pick<Environment, "RUNNER_INTERPRETERS" | "RUNNER_PYTHON" | "PYENV_ROOT">,
): Promise<InterpreterSearch> {
  return discoverInterpreters({
    python: env.RUNNER_PYTHON,
    list: parseInterpreterList(env.RUNNER_INTERPRETERS),
    ...(env.PYENV_ROOT !== undefined ? { pyenvRoot: env.PYENV_ROOT } : {}),
  });
}

/** Debian's `/usr/bin/python3.N` and every pyenv version's `bin/python3` (or `python3.Nt`), oldest first. */
async function machineInterpreters(pyenvRoot: string | undefined): Promise<{ python: string }[]> {
  const system = (await listDirectory("/usr/bin"))
    .filter((entry) => /^python3\.\d+t?$/.test(entry))
    .sort(byVersion)
    .map((entry) => ({ python: path.join("/usr/bin", entry) }));
  const root = pyenvRoot ?? path.join(process.env.HOME ?? "/root", ".pyenv");
  const pyenv: { python: string }[] = [];
  for (const version of (await listDirectory(path.join(root, "versions"))).sort(byVersion)) {
    const bin = path.join(root, "versions", version, "bin");
    const programs = await listDirectory(bin);
    const program = programs.includes("python3")
      ? "python3"
      : programs.find((entry) => /^python3\.\d+t$/.test(entry));
    if (program) pyenv.push({ python: path.join(bin, program) });
  }
  return [...system, ...pyenv];
}

async function listDirectory(directory: string): Promise<string[]> {
  try {
    return await readdir(await realpath(directory));
  } catch {
    return [];
  }
}

function byVersion(a: string, b: string): number {
  const numbers = (text: string) => (text.match(/\d+/g) ?? []).map(Number);
  const [x, y] = [numbers(a), numbers(b)];
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] ?? -1) - (y[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return a.localeCompare(b);
}

/** The CPython version the installed Pyodide is built from (its lock file says). */
async function pyodidePythonVersion(): Promise<string> {
  try {
    const entry = createRequire(import.meta.url).resolve("pyodide");
    const lock = JSON.parse(await readFile(path.join(path.dirname(entry), "pyodide-lock.json"), "utf8")) as {
      info?: { python?: unknown };
    };
    return typeof lock.info?.python === "string" ? lock.info.python : "unknown";
  } catch {
    return "unknown";
  }
}
