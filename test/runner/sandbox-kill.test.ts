import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PythonSandbox } from "../../src/runner/bwrap/python-sandbox.js";
import { statusFd } from "../../src/runner/bwrap/sandbox-command.js";
import { processesWith } from "./host-processes.js";

/**
 * Stands in for bwrap at start-up: it starts the "sandbox" (a sleep, which inherits the pipes as bwrap's
 * child does), and names its pid on the status fd only after a while, as bwrap does once its namespaces
 * are set up.
 */
function slowToNamePid(marker: string) {
  const script = `sleep ${marker} & child=$!; sleep 0.3; printf '{"child-pid": %d}' "$child" >&${statusFd}; wait`;
  return PythonSandbox.start({ file: "/bin/sh", args: ["-c", script] }, 5_000);
}

describe("killing a sandbox that is still starting", () => {
  // Killing only the starter would orphan the sandbox, which would keep the pipes open so that `closed`
  // never resolved: a warm pool closed while refilling hung the bot's stop that way now and then.
  it("GIVEN a kill before the sandbox's pid is known THEN the sandbox is killed once it is, and closed resolves", async () => {
    const marker = `30.${randomInt(100_000, 999_999)}`;
    const sandbox = slowToNamePid(marker);
    sandbox.kill();
    await sandbox.closed;
    expect(sandbox.alive).toBe(false);
    expect(await processesWith(marker)).toEqual([]);
  }, 10_000);
});
