import type { Decision } from "../../domain/explore/exploration.js";
import type { RunRequest } from "../../domain/ports/code-runner.js";
import { EXPLORER_DRIVER } from "./python/driver-source.js";
import { EXPLORER_EVENT_LOOP } from "./python/event-loop-source.js";
import { EXPLORER_PATCHES } from "./python/patches-source.js";
import { EXPLORER_SCHEDULER } from "./python/scheduler-source.js";

/** The member's program as the explorer sees it: the entry file and any files it imports. */
export interface ExploreTarget {
  /** The program to explore; it runs as `__main__` from `snippet.py`. */
  readonly code: string;
  /** Files beside it (a challenge's `solution.py`); their code is explored too. */
  readonly files?: Readonly<Record<string, string>>;
  /** Which file holds the member's own code, for the snippet size limit (default `snippet.py`). */
  readonly memberFile?: string;
  /** Switch threads only in `files`, not in the entry (a challenge's checks runner is not the member's code). */
  readonly untracedEntry?: boolean;
}

export interface ExploreOptions {
  /** Seeded schedules to try after the normal run (default 50). */
  readonly runs?: number;
  /** Run exactly this seed's schedule and report it (`--seed`). */
  readonly seed?: number;
  /** Run exactly this schedule and report it (`--schedule`, the Replay button). */
  readonly schedule?: readonly Decision[];
  /** Time for the whole exploration inside the sandbox; keep it ~3 s under the lane's wall limit. */
  readonly budgetMs?: number;
}

export const ENTRY_FILE = "snippet.py";
export const defaultExploreRuns = 50;
/** 15 s lane wall limit minus start-up, the final replay and the report. */
export const defaultExploreBudgetMs = 12_000;
const maxStepsPerRun = 200_000;
/** A schedule whose step count stands still this long holds the turn inside C code or real I/O. */
const hangMs = 1_500;

/**
 * The sandbox request of one exploration: the driver is the program, the scheduler modules and the
 * member's code are files beside it, the settings are `explore.json` (removed before any member code
 * runs) and the nonce that marks the report arrives on stdin.
 */
export function exploreRequest(target: ExploreTarget, options: ExploreOptions, nonce: string): RunRequest {
  const files = target.files ?? {};
  const config = {
    entry: ENTRY_FILE,
    traced: [ENTRY_FILE, ...Object.keys(files).filter((name) => name.endsWith(".py"))],
    untraced: target.untracedEntry === true ? [ENTRY_FILE] : [],
    runs: options.runs ?? defaultExploreRuns,
    firstSeed: 1,
    seed: options.seed ?? null,
    schedule: options.schedule ?? null,
    budgetMs: options.budgetMs ?? defaultExploreBudgetMs,
    maxSteps: maxStepsPerRun,
    hangMs,
  };
  return {
    code: EXPLORER_DRIVER,
    files: {
      "qb_sched.py": EXPLORER_SCHEDULER,
      "qb_patch.py": EXPLORER_PATCHES,
      "qb_async.py": EXPLORER_EVENT_LOOP,
      ...files,
      [ENTRY_FILE]: target.code,
      "explore.json": JSON.stringify(config),
    },
    memberFile: target.memberFile ?? ENTRY_FILE,
    stdin: `${nonce}\n`,
    lane: "explore",
  };
}
