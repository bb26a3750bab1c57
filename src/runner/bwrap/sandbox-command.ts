import type { RunLimits } from "../../domain/ports/code-runner.js";
import type { Interpreter } from "./interpreter-probe.js";

/** A top-level system directory of the host: bound read-only, or recreated as the same symlink (merged /usr). */
export interface SystemEntry {
  readonly path: string;
  readonly symlinkTo?: string;
}

/**
 * How the host runs sandboxes. When the bot runs as root, the sandbox must still be an unprivileged
 * host user: the kernel does not enforce RLIMIT_NPROC for uid 0, so a fork bomb would go unchecked.
 */
export interface SandboxLayout {
  readonly bwrap: string;
  readonly interpreter: Interpreter;
  readonly systemEntries: readonly SystemEntry[];
  readonly drop?: {
    readonly uid: number;
    readonly gid: number;
    /**
     * Set when the unprivileged user cannot reach the interpreter (pyenv under /root, mode 0700).
     * bubblewrap 0.8 resolves bind sources textually even for `--ro-bind-fd`, so a long-lived
     * privileged bwrap holds a mount namespace where they are bound onto a tmpfs the user can read
     * (see `stagingCommand`), and each sandbox starts inside it through nsenter. Not an outer bwrap
     * per sandbox: its monitor keeps uid 0 without capabilities, so the kernel would not deliver
     * the parent-death signal to the unprivileged bwrap below it, and a bot that crashed would
     * leave sandboxes running.
     */
    readonly staging?: { readonly nsenter: string; readonly sleep: string };
  };
  /** Size of each private tmpfs: the working directory, /tmp and /dev/shm. */
  readonly scratchBytes: number;
  /** A word in every sandbox command line (see `defaultSandboxMarker`). */
  readonly marker: string;
  /** Options of newer bubblewrap releases, used when this one has them (`--disable-userns` is 0.8+). */
  readonly supports: { readonly disableUserns: boolean; readonly tmpfsSize: boolean };
  /** What the interpreter's packages need beyond the base sandbox (see `SandboxExtras`). */
  readonly extras?: SandboxExtras;
  /**
   * The seccomp program a run's sandbox gets (keyring-filter.ts); none where this architecture's
   * numbers are not known.
   */
  readonly keyringFilter?: Buffer;
}

/**
 * Additions to one interpreter's sandbox: folders appended to `sys.path` (its site-packages), host
 * files bound read-only at a path inside (bound after the scratch tmpfs, so a target may lie in /tmp),
 * and environment variables. Built by `sandboxExtras` (plot-support.ts).
 */
export interface SandboxExtras {
  readonly pythonPath: readonly string[];
  readonly binds: readonly { readonly source: string; readonly target: string }[];
  readonly environment: readonly (readonly [string, string])[];
}

/** The file descriptors the sandbox talks through beyond stdio. */
export const statusFd = 3;
export const readyFd = 4;
/** The zygote's socket to the launcher (zygote-source.ts). */
export const zygoteSocketFd = 5;
/** Where bwrap reads a sandbox's seccomp program (`--seccomp`), once, to its end, and closes it. */
export const seccompFd = 6;

/** Names every process of ours in `ps` output, so tests and operators can check that none is left. */
export const defaultSandboxMarker = "quizbot-sandbox";

export const workDirectory = "/sandbox";
const sandboxUid = 1000;
const stagingRoot = "/tmp";

export interface SandboxCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** The host user to spawn `file` as (Node clears the groups, then sets the gid and uid before exec). */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** Written to its stdin as soon as it starts (the compiled bootstrap, see compiled-bootstrap.ts). */
  readonly stdinPreamble?: Buffer;
  /** Given to it on fd `seccompFd` by whoever starts it, for bwrap's `--seccomp` (see `bwrapCommand`). */
  readonly seccomp?: Buffer;
}

/**
 * The command line that starts one sandbox with the bootstrap waiting for its program.
 * `mountNamespace` is the staging namespace's `/proc/PID/ns/mnt` when the layout needs staging.
 */
export function sandboxCommand(
  layout: SandboxLayout,
  limits: RunLimits,
  bootstrap: string,
  mountNamespace?: string,
): SandboxCommand {
  const staging = layout.drop?.staging;
  if (staging && mountNamespace === undefined) throw new Error("this layout needs the staging namespace");
  const { args, seccomp } = bwrapCommand(layout, limits, bootstrap);
  const inner = [layout.bwrap, ...args];
  const filter = seccomp ? { seccomp } : {};
  if (!layout.drop) return { file: layout.bwrap, args: inner.slice(1), ...filter };
  // bwrap is spawned as the unprivileged user directly, or through nsenter, which enters the staging
  // namespace as root and drops to that user before it execs bwrap (`--setuid` clears the groups).
  // Both exec in place, so the bot stays bwrap's parent and bwrap's own parent-death signal
  // (--die-with-parent) reaches it. Dropping from root to another uid empties the capability sets;
  // bwrap sets no-new-privileges and drops the bounding set inside the sandbox itself. (setpriv did
  // this before, at the cost of one more exec per sandbox: 12% of a cold run's CPU, see
  // bench/runner-profile.ts.)
  const user = { uid: layout.drop.uid, gid: layout.drop.gid };
  if (!staging || mountNamespace === undefined)
    return { file: layout.bwrap, args: inner.slice(1), user, ...filter };
  return {
    file: staging.nsenter,
    args: [`--mount=${mountNamespace}`, ...[`--setuid=${user.uid}`, `--setgid=${user.gid}`, "--"], ...inner],
    ...filter,
  };
}

/**
 * bwrap and its arguments for one run's sandbox: as the launcher starts it (launcher.ts), already in
 * the staging namespace and as the unprivileged user where the layout needs them, and as
 * `sandboxCommand` wraps it. With the layout's keyring filter, bwrap reads it from `seccompFd` and
 * installs it just before it execs the interpreter, so that the program and all it starts run under it;
 * whoever starts the command puts `seccomp` on that fd.
 */
export function bwrapCommand(layout: SandboxLayout, limits: RunLimits, bootstrap: string): SandboxCommand {
  const filter = layout.keyringFilter;
  const args = bwrapArguments(layout, limits, bootstrap, {
    keepCapabilities: [],
    seccomp: filter !== undefined,
  });
  return { file: layout.bwrap, args, ...(filter ? { seccomp: filter } : {}) };
}

function bwrapArguments(
  layout: SandboxLayout,
  limits: RunLimits,
  bootstrap: string,
  options: { readonly keepCapabilities: readonly string[]; readonly seccomp: boolean },
): string[] {
  const staging = layout.drop?.staging;
  return [
    ...["--unshare-all", "--unshare-user", "--cap-drop", "ALL"],
    ...options.keepCapabilities.flatMap((capability) => ["--cap-add", capability]),
    // No nested user namespaces: they would hand the snippet a fresh set of capabilities to probe the kernel with.
    ...(layout.supports.disableUserns ? ["--disable-userns"] : []),
    ...(options.seccomp ? ["--seccomp", String(seccompFd)] : []),
    ...["--die-with-parent", "--new-session", "--hostname", "sandbox"],
    ...["--uid", String(sandboxUid), "--gid", String(sandboxUid)],
    ...["--ro-bind", "/usr", "/usr"],
    ...layout.systemEntries.flatMap((entry) =>
      entry.symlinkTo === undefined
        ? ["--ro-bind", entry.path, entry.path]
        : ["--symlink", entry.symlinkTo, entry.path],
    ),
    ...layout.interpreter.binds.flatMap((bind, index) => [
      "--ro-bind",
      staging ? stagedPath(layout, index) : bind,
      bind,
    ]),
    ...["--proc", "/proc", "--dev", "/dev"],
    ...scratch("/dev/shm", layout),
    ...scratch("/tmp", layout),
    ...scratch(workDirectory, layout),
    ...(layout.extras?.binds ?? []).flatMap((bind) => ["--ro-bind", bind.source, bind.target]),
    // The sandbox's root is a tmpfs the sandbox user owns: read-only once the mounts are in place.
    ...["--remount-ro", "/"],
    ...["--chdir", workDirectory, "--clearenv"],
    ...[...environment, ...(layout.extras?.environment ?? [])].flatMap(([name, value]) => [
      "--setenv",
      name,
      value,
    ]),
    ...["--json-status-fd", String(statusFd), "--"],
    layout.interpreter.executable,
    ...["-I", "-S", "-c", bootstrap, layout.marker],
    ...bootstrapArguments(limits, layout.scratchBytes, layout.extras?.pythonPath ?? []),
  ];
}

/**
 * bwrap's arguments for the zygote (zygote-source.ts): one sandbox as above, whose program keeps the three
 * capabilities it needs to make each run's namespaces, in bwrap's user namespace only. Every run drops
 * them before its program starts, and its program process installs the keyring filter itself.
 */
export function zygoteArguments(layout: SandboxLayout, limits: RunLimits, zygote: string): string[] {
  return bwrapArguments(layout, limits, zygote, {
    keepCapabilities: ["CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SETPCAP"],
    seccomp: false,
  });
}

/**
 * The long-lived holder of the staging mount namespace (root, only when the layout needs staging):
 * the host's tree with the interpreter directories bound read-only onto a private /tmp. Its bwrap
 * reports the holder's pid on fd 3, from which `/proc/PID/ns/mnt` names the namespace.
 */
export function stagingCommand(layout: SandboxLayout): SandboxCommand {
  const staging = layout.drop?.staging;
  if (!staging) throw new Error("this layout needs no staging");
  return {
    file: layout.bwrap,
    args: [
      ...["--die-with-parent", "--dev-bind", "/", "/", "--tmpfs", stagingRoot],
      ...layout.interpreter.binds.flatMap((bind, index) => ["--ro-bind", bind, stagedPath(layout, index)]),
      ...["--json-status-fd", String(statusFd), "--", staging.sleep, "infinity"],
    ],
  };
}

function stagedPath(layout: SandboxLayout, index: number): string {
  return `${stagingRoot}/${layout.marker}-bind-${index}`;
}

const environment: ReadonlyArray<readonly [string, string]> = [
  ["PATH", "/usr/bin:/bin"],
  ["HOME", workDirectory],
  ["LANG", "C.UTF-8"],
  // glibc reserves 64 MiB of address space per thread arena; under RLIMIT_AS that, not the process
  // limit, would cap threads at a dozen. Python allocates small objects itself, so two arenas do.
  ["MALLOC_ARENA_MAX", "2"],
];

function scratch(target: string, layout: SandboxLayout): string[] {
  const size = layout.supports.tmpfsSize ? ["--size", String(layout.scratchBytes)] : [];
  return ["--perms", "1777", ...size, "--tmpfs", target];
}

/**
 * Limits the bootstrap applies once it has the program (see bootstrap.ts for the order), then the
 * folders it appends to `sys.path`, joined by `:` (a folder whose name holds one is left out).
 */
function bootstrapArguments(
  limits: RunLimits,
  scratchBytes: number,
  pythonPath: readonly string[],
): string[] {
  const limitsText = [limits.cpuSeconds, limits.memoryBytes, limits.maxProcesses, scratchBytes].map(String);
  return [...limitsText, pythonPath.filter((entry) => !entry.includes(":")).join(":")];
}

/**
 * The command that starts the sandbox launcher (launcher.ts): the interpreter with the launcher's
 * source, inside the staging namespace (through nsenter, once) where the layout needs one. Where the
 * layout drops root, the launcher starts as root and drops to the sandbox user itself once it has
 * imported what it needs (the interpreter may be out of that user's reach), so every bwrap it starts
 * is that user's.
 */
export function launcherCommand(
  layout: SandboxLayout,
  source: string,
  mountNamespace?: string,
): SandboxCommand {
  const python = ["-I", "-S", "-c", source];
  const drop = layout.drop ? [String(layout.drop.uid), String(layout.drop.gid)] : [];
  const staging = layout.drop?.staging;
  if (!staging) return { file: layout.interpreter.executable, args: [...python, ...drop] };
  if (mountNamespace === undefined) throw new Error("this layout needs the staging namespace");
  return {
    file: staging.nsenter,
    args: [`--mount=${mountNamespace}`, "--", layout.interpreter.executable, ...python, ...drop],
  };
}
