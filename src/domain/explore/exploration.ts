/**
 * What an interleaving exploration found: the snippet run under many seeded schedules inside the
 * sandbox (see src/app/explore). Pure data; the platform adapters word it.
 */
export type ExploreVerdict = "race" | "deadlock" | "single";

/** How one schedule ended. `hang`: the turn was held inside C code or real I/O past the watchdog. */
export type ScheduleStatus = "ok" | "error" | "deadlock" | "hang" | "too_long" | "crash";

export interface ScheduleOutput {
  readonly status: ScheduleStatus;
  /** What the program printed (addresses such as 0x7f… shortened, so they do not count as a difference). */
  readonly output: string;
  /** The last line of stderr (an uncaught exception), or "". */
  readonly error: string;
}

/** One distinct output, how many explored schedules gave it, and a seed that reproduces it. */
export interface OutcomeCount extends ScheduleOutput {
  readonly count: number;
  /** null for the normal run's output when no seeded schedule gave it. */
  readonly seed: number | null;
  /** The output of the normal (unforced) run. */
  readonly baseline: boolean;
}

/** A line of the member's code and the plain values it names at that moment. */
export interface CodeSpot {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly values: Readonly<Record<string, string>>;
}

/** One decision of a schedule, told: a thread handed over, or a ready asyncio task held back. */
export type StoryStep =
  | {
      readonly kind: "switch";
      readonly from: string;
      readonly to: string;
      readonly at: CodeSpot | null;
      /** What the thread waited for when it had to stop (a lock, another thread's end), or null. */
      readonly why: string | null;
    }
  | {
      readonly kind: "hold";
      readonly who: string;
      readonly at: CodeSpot | null;
      readonly others: readonly string[];
    };

export interface DeadlockedThread {
  readonly thread: string;
  /** The member's locks it holds, by variable name (or "the lock made at line N"). */
  readonly holds: readonly string[];
  /** The lock or thread it waits for; null when it waits inside a library call (see `call`). */
  readonly waitsFor: string | null;
  readonly line?: number | undefined;
  readonly code?: string | undefined;
  /** The library call it waits in, e.g. `Queue.get`, `Thread.join`. */
  readonly call?: string | undefined;
}

export interface Deadlock {
  readonly seed: number | null;
  readonly threads: readonly DeadlockedThread[];
}

/** [step, choice, realistic]: at `step`, run thread `choice` (or hold back ready callback `choice`). */
export type Decision = readonly [number, number, 0 | 1];

/** A schedule shrunk to the fewest decisions that still break the program, replayable exactly. */
export interface Replay {
  readonly schedule: readonly Decision[];
  readonly story: readonly StoryStep[];
  readonly outcome: ScheduleOutput;
  readonly deadlock: { readonly threads: readonly DeadlockedThread[] } | null;
  /**
   * The schedule switches threads between two bytecode instructions where stock CPython 3.10+ (with the GIL) would
   * not (it switches after calls and at backward jumps): a real race that this CPython rarely shows.
   */
  readonly perInstructionOnly: boolean;
  /** The explored seed it was shrunk from, and how many extra runs shrinking took. */
  readonly fromSeed?: number | null | undefined;
  readonly shrinkRuns?: number | undefined;
  readonly decisionsBefore?: number | undefined;
}

export interface HangReport {
  readonly thread: string | null;
  readonly at: CodeSpot | null;
  /** The innermost function running when the watchdog fired (e.g. `recv`, `acquire`). */
  readonly inside: string | null;
}

export type Exploration =
  | {
      readonly kind: "explored";
      readonly verdict: ExploreVerdict;
      readonly baseline: ScheduleOutput;
      readonly outcomes: readonly OutcomeCount[];
      readonly deadlocks: readonly Deadlock[];
      readonly replay: Replay | null;
      /** Seeded schedules tried (the normal run not counted). */
      readonly tried: number;
      /** The time budget ran out before every planned schedule was tried. */
      readonly partial: boolean;
      /** Some schedule hung in C code or real I/O. */
      readonly hang: HangReport | null;
      readonly python: string;
      readonly elapsedMs: number;
    }
  | {
      readonly kind: "nothing";
      /** `no_concurrency`: no threading/asyncio import; `no_threads_started`: the run started no thread or task. */
      readonly reason: "no_concurrency" | "no_threads_started";
      readonly python: string;
    }
  | { readonly kind: "hang"; readonly hang: HangReport | null; readonly python: string }
  /** One schedule run on request (`--seed` or `--schedule`, the Replay button). */
  | {
      readonly kind: "replayed";
      readonly seed: number | null;
      readonly replay: Replay;
      readonly python: string;
    };

/** The most decisions a schedule given by a member may hold (a button id or `--schedule`). */
export const maxScheduleDecisions = 400;

/**
 * A schedule as text, `step:choice` pairs joined by commas (`44:0,56:2`): short enough for a button id
 * when shrunk, and what `quizbot explore --schedule` reads. The empty string is the normal run.
 */
export function formatSchedule(schedule: readonly Decision[]): string {
  return schedule.map(([step, choice]) => `${step}:${choice}`).join(",");
}

/** Reads `formatSchedule` text; undefined for anything else (it may come from a button id or a member). */
export function parseSchedule(text: string): Decision[] | undefined {
  if (text === "") return [];
  const parts = text.split(",");
  if (parts.length > maxScheduleDecisions) return undefined;
  const decisions: Decision[] = [];
  let last = 0;
  for (const part of parts) {
    const match = /^(\d{1,7}):(\d{1,4})$/.exec(part);
    if (!match) return undefined;
    const step = Number(match[1]);
    if (step <= last) return undefined;
    last = step;
    decisions.push([step, Number(match[2]), 1]);
  }
  return decisions;
}
