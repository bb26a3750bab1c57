import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExploreVerdict } from "../../src/domain/explore/exploration.js";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import * as cases from "./cases.js";
import { explore, explored, replayed, startExploreRunner } from "./explore-runner.js";

// Issue 19's cases on the default interpreter: each explored twice (same verdict), and every seed
// or schedule the report gives replayed three times (same output). The deep check (10 and 10/10)
// is `npm run bench -- --only explor` (docs/explore.md, "How it is checked").

let runner: StartedCodeRunner;
beforeAll(async () => {
  runner = await startExploreRunner("explore-threads");
});
afterAll(async () => {
  await runner?.close();
});

type Report = ReturnType<typeof explored>;

/** What only some cases show: who holds which lock, the story of the lost update. */
function deadlockNamesLocks(report: Report): void {
  const threads = report.deadlocks[0]?.threads ?? [];
  expect(threads).toContainEqual(
    expect.objectContaining({ thread: "Thread-1 (left)", holds: ["fork"], waitsFor: "knife" }),
  );
  expect(threads).toContainEqual(
    expect.objectContaining({ thread: "Thread-2 (right)", holds: ["knife"], waitsFor: "fork" }),
  );
}

function lostUpdateStory(report: Report): void {
  const replay = report.replay;
  // The switch lands between the load and the store of `counter += 1`: CPython itself rarely does that.
  expect(replay?.perInstructionOnly).toBe(true);
  expect(replay?.story).toContainEqual(
    expect.objectContaining({
      kind: "switch",
      at: expect.objectContaining({ code: "counter += 1", values: { counter: expect.any(String) } }),
    }),
  );
  expect(replay?.schedule.length).toBeLessThanOrEqual(replay?.decisionsBefore ?? 0);
}

interface Case {
  readonly name: string;
  readonly code: string;
  readonly verdict: ExploreVerdict;
  readonly extra?: (report: Report) => void;
}

const table: readonly Case[] = [
  {
    name: "an unlocked counter += 1 in two threads (lost update)",
    code: cases.lostUpdate,
    verdict: "race",
    extra: lostUpdateStory,
  },
  { name: "read-then-write on an attribute", code: cases.attributeReadThenWrite, verdict: "race" },
  { name: "check-then-act on a dict", code: cases.dictCheckThenAct, verdict: "race" },
  {
    name: "two locks taken in opposite orders",
    code: cases.twoLockDeadlock,
    verdict: "deadlock",
    extra: deadlockNamesLocks,
  },
  { name: "the same two locks taken in one order", code: cases.twoLocksInOrder, verdict: "single" },
  { name: "a queue with poison pills", code: cases.queueWithPoisonPills, verdict: "single" },
  {
    name: "a ThreadPoolExecutor with an unlocked read-then-write",
    code: cases.threadPoolCounter,
    verdict: "race",
  },
  { name: "a Condition hand-off", code: cases.conditionHandOff, verdict: "single" },
];

describe.each(table)("GIVEN $name", ({ code, verdict, extra }) => {
  it(`THEN two explorations both say ${verdict} and every reported seed and schedule replays the same output 3/3`, async () => {
    const first = explored(await explore(runner, code));
    const second = explored(await explore(runner, code));
    expect(first.verdict).toBe(verdict);
    expect(second.verdict).toBe(verdict);
    expect(first.outcomes.filter((outcome) => outcome.baseline)).toHaveLength(1);
    extra?.(first);
    for (const outcome of first.outcomes.filter((entry) => entry.seed !== null).slice(0, 1)) {
      for (let round = 0; round < 3; round += 1) {
        const again = replayed(await explore(runner, code, { seed: outcome.seed ?? 0 }));
        expect(again.replay.outcome).toEqual({
          status: outcome.status,
          output: outcome.output,
          error: outcome.error,
        });
      }
    }
    if (verdict === "single") {
      expect(first.outcomes).toHaveLength(1);
      expect(first.replay).toBeNull();
      return;
    }
    const replay = first.replay;
    if (!replay) throw new Error("a race or deadlock comes with a replay");
    expect(replay.outcome).not.toEqual(first.baseline);
    expect(replay.story.length).toBeGreaterThan(0);
    for (let round = 0; round < 3; round += 1) {
      const again = replayed(await explore(runner, code, { schedule: replay.schedule }));
      expect(again.replay.outcome).toEqual(replay.outcome);
    }
  }, 600_000);
});
