import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

/**
 * The suites that run snippets in the real bubblewrap sandbox (the hostile-code tests, the CLI with
 * RUNNER_BACKEND=bwrap, challenge grading, the interleaving explorer). On a machine without bubblewrap
 * they cannot run: `npm test` leaves them out and says so once, and with CI=true it fails instead, so
 * CI never skips the sandbox silently. test/foundation/sandbox-suites.test.ts keeps this list complete.
 */
export const sandboxSuites: readonly string[] = [
  "test/runner/bwrap-*.test.ts",
  "test/runner/run-command.test.ts",
  "test/runner/timeit-command.test.ts",
  "test/runner/service/*.test.ts",
  "test/runner/interpreters.test.ts",
  "test/code-review/challenge-submissions.test.ts",
  "test/code-review/compare-interpreters.test.ts",
  "test/platforms/discord/run-options.test.ts",
  "test/code-review/console-run.test.ts",
  "test/code-review/console-run-options.test.ts",
  "test/code-review/run-snippets.test.ts",
  "test/platforms/slack/code-review.test.ts",
  "test/platforms/slack/run-options.test.ts",
  "test/platforms/plots.test.ts",
  "test/packs/check-command.test.ts",
  "test/explore/*.test.ts",
  "test/faults/bad-snippets.test.ts",
  "test/metrics/runner-metrics.test.ts",
  "test/packs/wrong-solutions.test.ts",
];

export const enableSandboxCommand = "apt-get install bubblewrap";

export type SandboxCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Whether bubblewrap can run here: `bwrap` on PATH (where the runner looks for it) and one trivial
 * sandbox starts (a container without user namespaces has the binary but cannot use it).
 */
export function checkBubblewrap(env: NodeJS.ProcessEnv = process.env): SandboxCheck {
  const bwrap = (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, "bwrap"))
    .find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!bwrap) return { ok: false, reason: "bubblewrap (bwrap) is not installed" };
  const probe = spawnSync(bwrap, ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-all", "true"], {
    timeout: 10_000,
    stdio: "ignore",
  });
  if (probe.status !== 0)
    return { ok: false, reason: `bubblewrap is installed at ${bwrap} but cannot start a sandbox here` };
  return { ok: true };
}

/** The one notice a run without the sandbox prints. */
export function skippedSandboxNotice(reason: string): string {
  return [
    `${reason}, so these sandbox suites did not run:`,
    ...sandboxSuites.map((suite) => `  ${suite}`),
    `Run \`${enableSandboxCommand}\` (as root) to include them. Everything else ran.`,
  ].join("\n");
}
