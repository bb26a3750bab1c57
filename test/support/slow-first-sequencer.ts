import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The test files that take longest, longest first, with their seconds in the clean-clone CI run of
 * 2026-12-07 03:45 on the 2-core machine (852 s in all; beforeAll and import included). Vitest orders files
 * by the durations of its last run, but CI starts from a fresh `npm ci` without that cache, and then vitest
 * orders by file size: the 170-line leaderboard replay, the longest of all, once started 7 minutes in and
 * one fork ran on alone at the end. A file missing here is only ordered by size;
 * test/foundation/slow-first.test.ts keeps every name here a real file.
 */
export const slowFirst: readonly string[] = [
  "test/leaderboards/replay-dense.test.ts", // 148
  "test/packs/wrong-solutions.test.ts", // 108
  "test/daily/three-processes.test.ts", // 34
  "test/faults/crash-restart.test.ts", // 33
  "test/code-review/run-snippets.test.ts", // 32
  "test/leaderboards/replay-sparse.test.ts", // 31
  "test/runner/service/runner-faults.test.ts", // 30
  "test/daily/schedule-commands.test.ts", // 29
  "test/runner/pyodide.test.ts", // 29
  "test/console/console-round.test.ts", // 26
  "test/platforms/discord/run-options.test.ts", // 25
  "test/runner/service/remote-runner.test.ts", // 25
  "test/dashboard/dashboard-aggregates.test.ts", // 23
  "test/code-review/challenge-submissions.test.ts", // 23
  "test/explore/explore-threads.test.ts", // 22
  "test/platforms/plots.test.ts", // 20
  "test/runner/bwrap-hostile.test.ts", // 19
  "test/rounds/question-lifecycle.test.ts", // 19
  "test/storage/answers.test.ts", // 18
  "test/code-review/console-run-options.test.ts", // 17
  "test/reviews/parameter-fitting.test.ts", // 16
  "test/explore/console-explore.test.ts", // 16
  "test/code-review/compare-interpreters.test.ts", // 15
  "test/code-review/console-run.test.ts", // 15
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
