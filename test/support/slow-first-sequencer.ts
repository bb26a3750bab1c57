import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The test files that take longest, longest first, with their seconds in the full runs of 2026-12-06
 * 23:28 and 2026-12-07 00:18 on the 2-core machine (beforeAll and import included; the machine was
 * shared with other test runs, so read them as an order rather than as figures). Vitest orders files by the durations of its last run, but CI starts
 * from a fresh `npm ci` without that cache, and then vitest orders by file size: the 170-line leaderboard
 * replay, the longest of all, started 7 minutes in and one fork ran on alone at the end. A file missing
 * here is only ordered by size; test/foundation/slow-first.test.ts keeps every name here a real file.
 */
export const slowFirst: readonly string[] = [
  "test/packs/wrong-solutions.test.ts", // 234, 209
  "test/leaderboards/replay-dense.test.ts", // 270 as replay.test.ts with the sparse replay, 314
  "test/platforms/plots.test.ts", // 33, 102
  "test/code-review/run-snippets.test.ts", // 63, 93
  "test/daily/schedule-commands.test.ts", // 42, 98
  "test/platforms/discord/run-options.test.ts", // 30, 91
  "test/explore/explore-threads.test.ts", // 96, 67
  "test/runner/service/runner-faults.test.ts", // 46, 82
  "test/packs/challenges.test.ts", // 78 in the second
  "test/console/console-round.test.ts", // 60, 71
  "test/code-review/console-run.test.ts", // 34, 72
  "test/code-review/challenge-submissions.test.ts", // 33, 71
  "test/explore/pack-questions.test.ts", // 53, 68
  "test/rounds/question-lifecycle.test.ts", // 56, 61
  "test/code-review/console-run-options.test.ts", // 56, 44
  "test/reviews/reminders.test.ts", // 46
];

/**
 * Starts the known long files first, so the short ones fill in around them and both forks finish
 * together; the rest keep vitest's own order (the last run's durations when it has them, else size).
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const name = path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join("/");
      const index = slowFirst.indexOf(name);
      return index < 0 ? slowFirst.length : index;
    };
    // Array.prototype.sort is stable: files off the list keep vitest's order among themselves.
    return ordered.sort((a, b) => rank(a) - rank(b));
  }
}
