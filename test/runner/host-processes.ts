import { readdir, readFile } from "node:fs/promises";

export interface HostProcess {
  readonly pid: number;
  readonly parentPid: number;
  readonly uid: number;
  readonly commandLine: string;
}

/** Host processes whose command line contains `marker` (what `pgrep -f` finds), read from /proc. */
export async function processesWith(marker: string): Promise<HostProcess[]> {
  const found: HostProcess[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = (await readFile(`/proc/${entry}/cmdline`, "utf8")).split("\0").join(" ");
      if (!commandLine.includes(marker)) continue;
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
      const parentPid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
      found.push({ pid: Number(entry), parentPid, uid, commandLine });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * Processes of sandboxes with this marker: `processesWith` without the processes that live as long as
 * the runner does: the staging-namespace holder (a root bwrap over the whole tree, the only one with
 * `--dev-bind / /`) and each zygote (zygote-source.ts): its bwrap and bwrap's pid 1, the only ones that
 * keep a capability (`--cap-add`), the zygote itself, the child of that pid 1, and the zygote's slot
 * init, its child. A run's processes are the slot init's children and theirs, and count.
 */
export async function sandboxProcesses(marker: string): Promise<HostProcess[]> {
  const found = await processesWith(marker);
  const zygoteBwraps = new Set(
    found.filter((entry) => entry.commandLine.includes(" --cap-add ")).map((entry) => entry.pid),
  );
  const zygotes = new Set(
    found
      .filter((entry) => zygoteBwraps.has(entry.parentPid) && !zygoteBwraps.has(entry.pid))
      .map((entry) => entry.pid),
  );
  return found.filter(
    (entry) =>
      !entry.commandLine.includes("--dev-bind / / ") &&
      !zygoteBwraps.has(entry.pid) &&
      !zygotes.has(entry.pid) &&
      !zygotes.has(entry.parentPid),
  );
}

/**
 * Sandbox processes still there once the kernel has had `graceMs` to finish the kills: a result can
 * arrive while its sandbox, already killed, is being torn down (see PythonSandbox.run), so a process
 * that is only dying is not a leftover. Returns as soon as none is left.
 */
export async function leftoverSandboxProcesses(marker: string, graceMs = 2000): Promise<HostProcess[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = await sandboxProcesses(marker);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Samples `sandboxProcesses(marker)` until stopped; returns the largest count seen. */
export function watchPeak(marker: string): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await sandboxProcesses(marker)).length);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
