import { execFile, spawn } from "node:child_process";
import { lstat, readlink } from "node:fs/promises";
import { machine } from "node:os";
import { promisify } from "node:util";
import { findProgram, type Interpreter, probeInterpreter } from "./interpreter-probe.js";
import { keyringFilter } from "./keyring-filter.js";
import { defaultSandboxMarker, type SandboxLayout, type SystemEntry } from "./sandbox-command.js";

const execFileAsync = promisify(execFile);

/** The host user sandboxes run as when the bot is root: `nobody`, which owns no files. */
export const defaultSandboxUser = { uid: 65534, gid: 65534 } as const;

// Top-level directories a dynamically linked interpreter may need besides /usr; on merged-/usr
// systems they are symlinks into /usr and are recreated as such.
const systemPaths = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

export interface LayoutOptions {
  readonly python: string;
  /** `python` already probed on the host (a pyenv shim costs seconds per start on a busy machine). */
  readonly interpreter?: Interpreter;
  readonly scratchBytes: number;
  readonly sandboxUser?: { readonly uid: number; readonly gid: number };
  /** A word in every sandbox command line, for `pgrep -f` (default `quizbot-sandbox`). */
  readonly marker?: string;
}

/** Finds bwrap, the interpreter and, when running as root, how to drop to an unprivileged host user. */
export async function detectLayout(options: LayoutOptions): Promise<SandboxLayout> {
  const bwrap = await findProgram("bwrap");
  if (!bwrap) throw new Error("bwrap is not installed (apt-get install bubblewrap)");
  const interpreter = options.interpreter ?? (await probeInterpreter(options.python));
  const systemEntries = await detectSystemEntries();
  const supports = await detectSupport(bwrap);
  const marker = options.marker ?? defaultSandboxMarker;
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw new Error("the sandbox marker must be a plain word");
  const filter = keyringFilter(machine());
  const base = {
    ...{ bwrap, interpreter, systemEntries, scratchBytes: options.scratchBytes, marker, supports },
    ...(filter ? { keyringFilter: filter } : {}),
  };
  if (process.getuid?.() !== 0) return base;
  const user = options.sandboxUser ?? defaultSandboxUser;
  const drop = { uid: user.uid, gid: user.gid };
  if (await allReachableBy(user, interpreter.binds)) return { ...base, drop };
  const nsenter = await findProgram("nsenter");
  const sleep = await findProgram("sleep");
  if (!nsenter || !sleep)
    throw new Error("the interpreter is out of the sandbox user's reach and nsenter is missing");
  return { ...base, drop: { ...drop, staging: { nsenter, sleep } } };
}

/** Reads `bwrap --help` once: older releases (Ubuntu 22.04 has 0.6) lack some options. */
async function detectSupport(bwrap: string): Promise<SandboxLayout["supports"]> {
  const { stdout } = await execFileAsync(bwrap, ["--help"], { env: {} });
  return { disableUserns: stdout.includes("--disable-userns"), tmpfsSize: stdout.includes("--size") };
}

async function detectSystemEntries(): Promise<SystemEntry[]> {
  const entries: SystemEntry[] = [];
  for (const path of systemPaths) {
    try {
      const stats = await lstat(path);
      if (stats.isSymbolicLink()) entries.push({ path, symlinkTo: await readlink(path) });
      else if (stats.isDirectory()) entries.push({ path });
    } catch {
      // Not on this system.
    }
  }
  return entries;
}

/** Whether the user can traverse into every directory (pyenv under a 0700 /root cannot be). */
function allReachableBy(
  user: { uid: number; gid: number },
  directories: readonly string[],
): Promise<boolean> {
  if (directories.length === 0) return Promise.resolve(true);
  const script = 'for d in "$@"; do test -x "$d" || exit 1; done';
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", script, "sh", ...directories], {
      uid: user.uid,
      gid: user.gid,
      env: {},
      cwd: "/",
      stdio: "ignore",
    });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}
