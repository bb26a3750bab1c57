import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/**
 * cgroup v2 limits for whole sandboxes, where the host delegates a cgroup to the bot
 * (https://docs.kernel.org/admin-guide/cgroup-v2.html#delegation): one child cgroup per sandbox
 * with `memory.max`, `memory.swap.max` 0 and `pids.max`, the kernel's own limits on everything the
 * sandbox holds (tmpfs files included), enforced at allocation rather than sampled.
 *
 * Only our own cgroup is ever used, and only when it is delegated: not the root of the hierarchy
 * (which belongs to the host), with the memory and pids controllers available and
 * `cgroup.subtree_control` and `cgroup.procs` writable by us. Anywhere else the runner's watchdog
 * (memory-watchdog.ts) holds the total instead.
 */
export type CgroupSupport =
  | { readonly available: true; readonly directory: string }
  | { readonly available: false; readonly reason: string };

const needed = ["memory", "pids"] as const;

/** This process's cgroup v2 path from `/proc/self/cgroup` (the `0::/path` line), if it is in one. */
export function unifiedCgroupPath(procSelfCgroup: string): string | undefined {
  const line = procSelfCgroup.split("\n").find((entry) => entry.startsWith("0::"));
  return line?.slice(3);
}

/** The first cgroup2 filesystem in `/proc/self/mountinfo`: where it is mounted and which cgroup is its root. */
export function cgroup2Mount(mountinfo: string): { mountPoint: string; root: string } | undefined {
  for (const line of mountinfo.split("\n")) {
    const [before, after] = line.split(" - ");
    if (!before || !after || after.split(" ")[0] !== "cgroup2") continue;
    const fields = before.split(" ");
    const root = fields[3];
    const mountPoint = fields[4];
    if (root && mountPoint)
      return { root: unescapeMountField(root), mountPoint: unescapeMountField(mountPoint) };
  }
  return undefined;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes (`\040`). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Our cgroup's directory under the mount, or undefined when the mount does not show it. */
export function cgroupDirectory(
  mount: { mountPoint: string; root: string },
  own: string,
): string | undefined {
  if (mount.root === "/") return withoutTrailingSlash(path.join(mount.mountPoint, own));
  if (own !== mount.root && !own.startsWith(`${mount.root}/`)) return undefined;
  return withoutTrailingSlash(path.join(mount.mountPoint, own.slice(mount.root.length)));
}

function withoutTrailingSlash(directory: string): string {
  return directory.length > 1 ? directory.replace(/\/+$/, "") : directory;
}

/** Reads /proc and the cgroup filesystem to see whether we were delegated a cgroup (nothing is changed). */
export function detectDelegatedCgroup(): CgroupSupport {
  const own = readOptional("/proc/self/cgroup");
  const ownPath = own === undefined ? undefined : unifiedCgroupPath(own);
  if (ownPath === undefined) return unavailable("this host has no cgroup v2 hierarchy (/proc/self/cgroup)");
  const mount = cgroup2Mount(readOptional("/proc/self/mountinfo") ?? "");
  if (!mount) return unavailable("no cgroup2 filesystem is mounted");
  const directory = cgroupDirectory(mount, ownPath);
  if (!directory) return unavailable(`our cgroup ${ownPath} is outside the mounted cgroup2 tree`);
  // Only a non-root cgroup has cgroup.type; the root of the hierarchy is the host's, never ours.
  if (!existsSync(path.join(directory, "cgroup.type"))) {
    return unavailable(
      `our cgroup (${directory}) is the root of the cgroup2 hierarchy, which belongs to the host`,
    );
  }
  const controllers = (readOptional(path.join(directory, "cgroup.controllers")) ?? "").trim().split(/\s+/);
  const missing = needed.filter((controller) => !controllers.includes(controller));
  if (missing.length > 0) {
    return unavailable(
      `the ${missing.join(" and ")} controller${missing.length > 1 ? "s are" : " is"} not available in ${directory} (cgroup.controllers: ${controllers.join(" ") || "none"})`,
    );
  }
  for (const file of [".", "cgroup.subtree_control", "cgroup.procs"]) {
    try {
      accessSync(path.join(directory, file), constants.W_OK);
    } catch {
      return unavailable(`${path.join(directory, file)} is not writable: the cgroup is not delegated to us`);
    }
  }
  return { available: true, directory };
}

function unavailable(reason: string): CgroupSupport {
  return { available: false, reason };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

let shared: SandboxCgroups | { readonly reason: string } | undefined;

/**
 * The sandboxes' cgroups for this process, prepared on first use and shared by every backend, or
 * why there are none (then the watchdog holds each sandbox's total memory).
 */
export function sandboxCgroups(): SandboxCgroups | { readonly reason: string } {
  if (shared) return shared;
  const support = detectDelegatedCgroup();
  if (!support.available) {
    shared = { reason: support.reason };
    return shared;
  }
  try {
    shared = SandboxCgroups.open(support);
  } catch (error) {
    shared = {
      reason: `preparing ${support.directory} failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return shared;
}

/** The limits a sandbox's cgroup enforces. */
export interface CgroupLimits {
  readonly memoryBytes: number;
  /** Processes and threads of the snippet; bwrap's own two processes are added. */
  readonly maxProcesses: number;
}

/**
 * The delegated cgroup, prepared for sandboxes: the memory and pids controllers are enabled for its
 * children. cgroup v2 lets a cgroup that hands controllers to its children hold no processes of
 * its own, so the processes in it (the bot, and a wrapper that started it) move into a leaf
 * `quizbot` first, as systemd's delegation documentation describes.
 */
export class SandboxCgroups {
  readonly directory: string;
  readonly #prefix: string;
  #next = 0;

  private constructor(directory: string) {
    this.directory = directory;
    this.#prefix = `sandbox-${process.pid}-`;
  }

  /** Prepares the delegated cgroup; throws with the reason when the kernel refuses. */
  static open(support: Extract<CgroupSupport, { available: true }>): SandboxCgroups {
    const directory = support.directory;
    const enabled = readFileSync(path.join(directory, "cgroup.subtree_control"), "utf8").trim().split(/\s+/);
    if (!needed.every((controller) => enabled.includes(controller))) {
      const inside = readFileSync(path.join(directory, "cgroup.procs"), "utf8").split("\n").filter(Boolean);
      if (inside.length > 0) {
        const leaf = path.join(directory, "quizbot");
        mkdirSync(leaf, { recursive: true });
        for (const pid of inside) moveProcess(leaf, pid);
      }
      writeFileSync(path.join(directory, "cgroup.subtree_control"), needed.map((c) => `+${c}`).join(" "));
    }
    const cgroups = new SandboxCgroups(directory);
    cgroups.#removeLeftovers();
    return cgroups;
  }

  /** A new cgroup for one sandbox, its limits set; move the sandbox's processes in with `enter`. */
  create(limits: CgroupLimits): SandboxCgroup {
    this.#next += 1;
    const directory = path.join(this.directory, `${this.#prefix}${this.#next}`);
    mkdirSync(directory);
    const cgroup = new SandboxCgroup(directory);
    try {
      writeFileSync(path.join(directory, "memory.max"), String(limits.memoryBytes));
      // Without swap: a sandbox past its memory would otherwise page out the host's memory instead.
      if (existsSync(path.join(directory, "memory.swap.max"))) {
        writeFileSync(path.join(directory, "memory.swap.max"), "0");
      }
      // One out-of-memory kill ends every process of the sandbox, as the watchdog's kill does.
      writeFileSync(path.join(directory, "memory.oom.group"), "1");
      writeFileSync(path.join(directory, "pids.max"), String(limits.maxProcesses + bwrapProcesses));
    } catch (error) {
      cgroup.remove();
      throw error;
    }
    return cgroup;
  }

  /** Sandbox cgroups a bot that died before cleaning up left behind, empty once their processes died. */
  #removeLeftovers(): void {
    for (const entry of readdirSync(this.directory)) {
      if (!/^sandbox-\d+-\d+$/.test(entry) || entry.startsWith(this.#prefix)) continue;
      new SandboxCgroup(path.join(this.directory, entry)).remove();
    }
  }
}

/** bwrap's monitor and the sandbox's pid 1 sit in the sandbox's cgroup too. */
const bwrapProcesses = 2;

function moveProcess(directory: string, pid: number | string): void {
  writeFileSync(path.join(directory, "cgroup.procs"), String(pid));
}

/** One sandbox's cgroup. */
export class SandboxCgroup {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  /** Moves processes in; their children are born inside. Before the program runs, so nothing escapes. */
  enter(pids: readonly number[]): void {
    for (const pid of pids) moveProcess(this.directory, pid);
  }

  /** Whether the kernel killed a process of the sandbox for passing `memory.max`. */
  memoryExceeded(): boolean {
    const events = readOptional(path.join(this.directory, "memory.events")) ?? "";
    return /^oom_(group_)?kill [1-9]/m.test(events);
  }

  /** The most memory the sandbox held (`memory.peak`, Linux 5.19 and later). */
  peakBytes(): number | undefined {
    const peak = Number.parseInt(readOptional(path.join(this.directory, "memory.peak")) ?? "", 10);
    return Number.isFinite(peak) ? peak : undefined;
  }

  /**
   * Kills what is left in it (`cgroup.kill`, Linux 5.14) and removes it. A cgroup is removable only
   * once its processes are gone, which takes the kernel a moment after a kill: retried for a while.
   */
  remove(attempts = 50): void {
    try {
      writeFileSync(path.join(this.directory, "cgroup.kill"), "1");
    } catch {
      // Already gone, or a kernel before 5.14: the sandbox's own kill ended its processes.
    }
    try {
      rmdirSync(this.directory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EBUSY" && attempts > 0) setTimeout(() => this.remove(attempts - 1), 20).unref();
    }
  }
}

/** A process and every descendant, from `/proc/PID/task/*\/children` (Linux 3.5 and later). */
export function processTree(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop() as number;
    found.push(next);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue; // ended
    }
    for (const task of tasks) {
      const children = readOptional(`/proc/${next}/task/${task}/children`) ?? "";
      for (const child of children.trim().split(/\s+/)) if (child) pending.push(Number(child));
    }
  }
  return found;
}
