import { readdirSync, readFileSync } from "node:fs";

/** What a sandbox uses at one look. */
export interface SandboxUsage {
  readonly memoryBytes: number;
  /** CPU time of its live processes plus what their children that ended had used, in clock ticks. */
  readonly cpuTicks: number;
}

/** Linux reports CPU times in /proc in USER_HZ ticks, 100 a second on every architecture Node runs on. */
export const ticksPerSecond = 100;

/**
 * The memory a sandbox holds in total: the anonymous and shared-memory pages (`RssAnon` plus
 * `RssShmem`) of every process in it, read through the sandbox's own /proc (`/proc/PID/root/proc`
 * lists exactly the processes of its pid namespace, so no scan of the host's process table is
 * needed, and a snippet cannot hide a process from it). File-backed pages (the interpreter and its
 * libraries) are left out: they are the host's page cache, shared by every sandbox. Pages a fork
 * shares with its parent count once per process, which overstates, never understates. Its CPU time
 * comes from the same processes' `stat` (user and system time, their own and their reaped children's).
 *
 * `withoutPid1` leaves out a zygote's slot init (zygote-source.ts), pid 1 of one run after another:
 * its own pages are the zygote's, and its children's CPU time holds the runs' before this one.
 *
 * Undefined when the sandbox's /proc cannot be read (it has ended, or the kernel refuses us).
 */
export function sandboxUsage(pid: number, withoutPid1 = false): SandboxUsage | undefined {
  const proc = `/proc/${pid}/root/proc`;
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return undefined;
  }
  let kib = 0;
  let cpuTicks = 0;
  for (const entry of entries) {
    if (!isPid(entry) || (withoutPid1 && entry === "1")) continue;
    try {
      kib += residentKib(readFileSync(`${proc}/${entry}/status`, "latin1"));
      cpuTicks += cpuTicksOf(readFileSync(`${proc}/${entry}/stat`, "latin1"));
    } catch {
      // The process ended while we looked.
    }
  }
  return { memoryBytes: kib * 1024, cpuTicks };
}

/** utime + stime + cutime + cstime of one `/proc/N/stat` (fields 14-17; the name in field 2 may hold spaces). */
export function cpuTicksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  return [11, 12, 13, 14].reduce((sum, index) => sum + (Number(fields[index]) || 0), 0);
}

/** `RssAnon` + `RssShmem` of one `/proc/N/status`, in KiB. */
export function residentKib(status: string): number {
  return field(status, "RssAnon:") + field(status, "RssShmem:");
}

function field(status: string, name: string): number {
  const at = status.indexOf(name);
  if (at < 0) return 0;
  const value = Number.parseInt(status.slice(at + name.length), 10);
  return Number.isFinite(value) ? value : 0;
}

function isPid(name: string): boolean {
  const first = name.charCodeAt(0);
  return first >= 48 && first <= 57;
}

export interface MemoryWatch {
  /** Stops watching; returns the most the sandbox was seen to hold, and the CPU it had used at the last look. */
  stop(): { peakMemoryBytes: number; cpuMs: number };
}

/**
 * Sums a running sandbox's memory every `intervalMs` and calls `exceeded` once it holds more than
 * `limitBytes`. Between two looks a snippet can allocate at the machine's memory bandwidth, so the
 * margin over the limit is about what it can touch in `intervalMs` plus the time the kill takes
 * (measured in test/runner/bwrap-memory.test.ts). The reads are synchronous: a few small files per
 * look, cheaper than a round trip through libuv's thread pool.
 */
export function watchMemory(
  sandbox: { readonly pid: number; readonly withoutPid1: boolean },
  limitBytes: number,
  intervalMs: number,
  exceeded: (bytes: number) => void,
): MemoryWatch {
  let peak = 0;
  let cpuTicks = 0;
  let fired = false;
  const look = () => {
    const usage = sandboxUsage(sandbox.pid, sandbox.withoutPid1);
    if (usage === undefined) return;
    const bytes = usage.memoryBytes;
    peak = Math.max(peak, bytes);
    cpuTicks = Math.max(cpuTicks, usage.cpuTicks);
    if (bytes > limitBytes && !fired) {
      fired = true;
      exceeded(bytes);
    }
  };
  look();
  const timer = setInterval(look, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakMemoryBytes: peak, cpuMs: (cpuTicks * 1000) / ticksPerSecond };
    },
  };
}
