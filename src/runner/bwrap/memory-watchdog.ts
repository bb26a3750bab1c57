import { readdirSync, readFileSync } from "node:fs";

/**
 * The memory a sandbox holds in total: the anonymous and shared-memory pages (`RssAnon` plus
 * `RssShmem`) of every process in it, read through the sandbox's own /proc (`/proc/PID/root/proc`
 * lists exactly the processes of its pid namespace, so no scan of the host's process table is
 * needed, and a snippet cannot hide a process from it). File-backed pages (the interpreter and its
 * libraries) are left out: they are the host's page cache, shared by every sandbox. Pages a fork
 * shares with its parent count once per process, which overstates, never understates.
 *
 * Undefined when the sandbox's /proc cannot be read (it has ended, or the kernel refuses us).
 */
export function sandboxMemoryBytes(pid: number): number | undefined {
  const proc = `/proc/${pid}/root/proc`;
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return undefined;
  }
  let kib = 0;
  for (const entry of entries) {
    if (!isPid(entry)) continue;
    try {
      kib += residentKib(readFileSync(`${proc}/${entry}/status`, "latin1"));
    } catch {
      // The process ended while we looked.
    }
  }
  return kib * 1024;
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
  /** Stops watching; returns the most the sandbox was seen to hold, in bytes. */
  stop(): number;
}

/**
 * Sums a running sandbox's memory every `intervalMs` and calls `exceeded` once it holds more than
 * `limitBytes`. Between two looks a snippet can allocate at the machine's memory bandwidth, so the
 * margin over the limit is about what it can touch in `intervalMs` plus the time the kill takes
 * (measured in test/runner/bwrap-memory.test.ts). The reads are synchronous: a few small files per
 * look, cheaper than a round trip through libuv's thread pool.
 */
export function watchMemory(
  pid: number,
  limitBytes: number,
  intervalMs: number,
  exceeded: (bytes: number) => void,
): MemoryWatch {
  let peak = 0;
  let fired = false;
  const look = () => {
    const bytes = sandboxMemoryBytes(pid);
    if (bytes === undefined) return;
    peak = Math.max(peak, bytes);
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
      return peak;
    },
  };
}
