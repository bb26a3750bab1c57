import { execFile } from "node:child_process";
import { access, constants, realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The real interpreter behind `RUNNER_PYTHON` and the directories it needs, read-only, inside the sandbox. */
export interface Interpreter {
  /** Resolved path (pyenv shims and symlinks followed), identical inside and outside the sandbox. */
  readonly executable: string;
  /** Directories to bind read-only beyond /usr: `sys.prefix`, `sys.base_prefix` and their exec twins. */
  readonly binds: readonly string[];
  readonly version: string;
  /** A free-threaded build (`Py_GIL_DISABLED`: 3.13t and later), where threads run Python in parallel. */
  readonly freeThreaded: boolean;
  /**
   * The interpreter's site-packages folders that exist (`site.getsitepackages()`: Debian's dist-packages,
   * a pyenv version's site-packages). The sandbox starts Python with `-S`, which leaves them off
   * `sys.path`; the bootstrap appends them, so what the host installed (matplotlib, numpy) imports.
   */
  readonly sitePackages?: readonly string[];
}

// Asks the interpreter itself: a shim or a venv knows where its prefix really is, the path does not.
const describe =
  "import os,sys;print(os.path.realpath(sys.executable));" +
  "[print(os.path.realpath(p)) for p in (sys.prefix,sys.base_prefix,sys.exec_prefix,sys.base_exec_prefix)];" +
  "print('%d.%d.%d' % sys.version_info[:3]);" +
  "import sysconfig;print(1 if sysconfig.get_config_var('Py_GIL_DISABLED') else 0);" +
  // With -S, importing site adds nothing to sys.path by itself; it only answers.
  "import site;print(os.pathsep.join(p for p in site.getsitepackages() if os.path.isdir(p)))";

/** Runs `python -I -S` once on the host (outside any sandbox) to resolve the interpreter. */
export async function probeInterpreter(python: string): Promise<Interpreter> {
  const { stdout } = await execFileAsync(python, ["-I", "-S", "-c", describe], {
    timeout: 10_000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  });
  const lines = stdout.replace(/\n$/, "").split("\n");
  const executable = lines[0];
  const version = lines[5];
  if (!executable || !version || lines.length !== 8) throw new Error(`unexpected answer from ${python}`);
  const prefixes = lines.slice(1, 5);
  const sitePackages = (lines[7] ?? "").split(path.delimiter).filter((entry) => path.isAbsolute(entry));
  return { executable, binds: bindsFor(prefixes), version, freeThreaded: lines[6] === "1", sitePackages };
}

/** Prefixes not already under /usr, outermost first and without duplicates or nested ones. */
export function bindsFor(prefixes: readonly string[]): string[] {
  const sorted = [...new Set(prefixes.map((prefix) => path.resolve(prefix)))].sort();
  const binds: string[] = [];
  for (const prefix of sorted) {
    if (isWithin(prefix, "/usr")) continue;
    if (binds.some((outer) => isWithin(prefix, outer))) continue;
    binds.push(prefix);
  }
  return binds;
}

function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}

/** Finds a program on PATH (bwrap, setpriv), resolving symlinks; undefined when absent. */
export async function findProgram(
  name: string,
  searchPath = process.env.PATH ?? "",
): Promise<string | undefined> {
  for (const directory of [...searchPath.split(":"), "/usr/bin", "/bin", "/usr/sbin"]) {
    if (!directory) continue;
    const candidate = path.join(directory, name);
    try {
      await access(candidate, constants.X_OK);
      return await realpath(candidate);
    } catch {
      // Not in this directory; try the next.
    }
  }
  return undefined;
}
