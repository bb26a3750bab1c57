import { defineConfig } from "vitest/config";
import { checkBubblewrap, enableSandboxCommand, sandboxSuites } from "./test/support/sandbox-suites.js";
import { SlowFirstSequencer } from "./test/support/slow-first-sequencer.js";

const sandbox = checkBubblewrap();
// CI must never skip the sandbox quietly: without bubblewrap the run fails before any test starts.
if (!sandbox.ok && process.env.CI === "true") {
  throw new Error(
    `CI=true and ${sandbox.reason}: the sandbox suites cannot run. Run \`${enableSandboxCommand}\`.`,
  );
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...(sandbox.ok ? [] : sandboxSuites)],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry; two forks match the two cores of the CI machine.
    pool: "forks",
    maxWorkers: 2,
    // The long files first, so they do not end the run on one fork (test/support/slow-first-sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
  },
});
