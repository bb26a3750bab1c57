import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import * as cases from "./cases.js";
import { explore, explored, replayed, startExploreRunner } from "./explore-runner.js";

let runner: StartedCodeRunner;
beforeAll(async () => {
  runner = await startExploreRunner("explore-asyncio");
});
afterAll(async () => {
  await runner?.close();
});

describe("GIVEN an asyncio counter with await asyncio.sleep(0) between read and write", () => {
  it("THEN two explorations say race, and the held-back task's schedule and a racing seed replay 3/3", async () => {
    const first = explored(await explore(runner, cases.asyncioCounter));
    const second = explored(await explore(runner, cases.asyncioCounter));
    expect([first.verdict, second.verdict]).toEqual(["race", "race"]);
    // asyncio's FIFO order loses updates every time: the normal run prints 3, not 6.
    expect(first.baseline.output).toBe("3\n");
    const replay = first.replay;
    if (!replay) throw new Error("a race comes with a replay");
    expect(replay.story[0]).toMatchObject({ kind: "hold" });
    for (let round = 0; round < 3; round += 1) {
      const again = replayed(await explore(runner, cases.asyncioCounter, { schedule: replay.schedule }));
      expect(again.replay.outcome).toEqual(replay.outcome);
    }
    const racing = first.outcomes.find((outcome) => !outcome.baseline);
    expect(racing?.seed).not.toBeNull();
    for (let round = 0; round < 3; round += 1) {
      const again = replayed(await explore(runner, cases.asyncioCounter, { seed: racing?.seed ?? 0 }));
      expect(again.replay.outcome.output).toBe(racing?.output);
    }
  }, 600_000);
});

describe("GIVEN the same counter with asyncio.Lock", () => {
  it("THEN two explorations say single, with how many schedules were tried, and its seed replays 3/3", async () => {
    const seeds: (number | null)[] = [];
    for (let round = 0; round < 2; round += 1) {
      const report = explored(await explore(runner, cases.asyncioCounterWithLock));
      expect(report.verdict).toBe("single");
      expect(report.outcomes).toEqual([
        expect.objectContaining({ output: "6\n", count: 40, baseline: true }),
      ]);
      expect(report.tried).toBe(40);
      seeds.push(report.outcomes[0]?.seed ?? null);
    }
    const seed = seeds[0];
    if (seed === null || seed === undefined) return;
    for (let round = 0; round < 3; round += 1) {
      const again = replayed(await explore(runner, cases.asyncioCounterWithLock, { seed }));
      expect(again.replay.outcome.output).toBe("6\n");
    }
  }, 600_000);
});

describe("GIVEN code the explorer cannot or need not explore", () => {
  it("THEN a snippet without threads or tasks gets nothing to explore, and why", async () => {
    expect(await explore(runner, "print(sum(range(10)))\n")).toMatchObject({
      kind: "nothing",
      reason: "no_concurrency",
    });
    expect(await explore(runner, "import threading\nprint(threading.active_count())\n")).toMatchObject({
      kind: "nothing",
      reason: "no_threads_started",
    });
  }, 120_000);

  it("THEN a thread stuck in C code is reported as a hang there, not as a deadlock", async () => {
    const code = [
      "import threading, _thread",
      "raw = _thread.allocate_lock()",
      "raw.acquire()",
      "def stuck():",
      "    raw.acquire()",
      "t = threading.Thread(target=stuck)",
      "t.start()",
      "t.join()",
      "",
    ].join("\n");
    const report = await explore(runner, code, { runs: 3 });
    expect(report).toMatchObject({ kind: "hang", hang: { thread: "Thread-1 (stuck)", inside: "stuck" } });
  }, 120_000);

  it("THEN an exploration that reaches its time budget reports what it found and how many schedules it tried", async () => {
    const report = explored(await explore(runner, cases.lostUpdate, { runs: 1000, budgetMs: 3_000 }));
    expect(report.partial).toBe(true);
    expect(report.tried).toBeGreaterThan(0);
    expect(report.tried).toBeLessThan(1000);
    expect(report.verdict).toBe("race");
  }, 120_000);
});
