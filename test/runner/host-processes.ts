import { readdir, readFile } from "node:fs/promises";

export interface HostProcess {
  readonly pid: number;
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
      found.push({ pid: Number(entry), uid, commandLine });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * Processes of sandboxes with this marker: `processesWith` without the runner's staging-namespace
 * holder (a root bwrap over the whole tree, the only one with `--dev-bind / /`), which lives as long
 * as the runner does.
 */
export async function sandboxProcesses(marker: string): Promise<HostProcess[]> {
  return (await processesWith(marker)).filter((entry) => !entry.commandLine.includes("--dev-bind / / "));
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
