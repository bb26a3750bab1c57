import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { SnippetComparisonView, SnippetRefusedView } from "../../src/domain/ports/views/index.js";
import { present } from "../../src/platforms/shared/present.js";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";
import { startComparingRunner } from "./harness.js";

const pack = testPack([choiceQuestion("q1")]);

// RUNNER_PYTHON and the newest other CPython of another minor version this machine has (see the harness).
describe("/run python: and Compare interpreters with the real sandbox", { timeout: 120_000 }, () => {
  let runner: StartedCodeRunner;
  let database: TestDatabase;
  let platform: FakePlatform;
  let bot: Bot;
  let other: string | undefined;

  beforeAll(async () => {
    ({ runner, other } = await startComparingRunner());
  });

  afterAll(async () => {
    await runner?.close();
  });

  beforeEach(async () => {
    database = await createTestDatabase();
    platform = new FakePlatform();
    bot = createBot({
      database,
      platforms: [platform],
      packs: [pack],
      logger: silentLogger(),
      runner,
      interpreters: runner,
    });
    await bot.start();
  });

  afterEach(async () => {
    await bot.stop();
    await database.close();
  });

  const alice = () => platform.member("alice", { displayName: "Alice" });
  const versionSnippet = "import sys\nprint('hello')\nprint(sys.version_info[:2])";

  it("GIVEN /run with a python option THEN that interpreter runs it and the result names it", async () => {
    const name = other ?? runner.interpreters()[0]?.name ?? "";
    await platform.command(alice(), "run", undefined, { code: versionSnippet, python: name });
    const view = platform.views("snippet_run", "public").at(-1);
    expect(view).toMatchObject({ status: "ok", interpreter: name });
    expect(JSON.stringify(present(view as never, fullCapabilities))).toContain(`Python ${name}`);
  });

  it("GIVEN /run with an interpreter that is not offered THEN the member hears which ones are", async () => {
    await platform.command(alice(), "run", undefined, { code: "print(1)", python: "2.7" });
    const refusal = platform
      .privateTo("alice")
      .find((view): view is SnippetRefusedView => view.kind === "snippet_refused");
    expect(refusal?.refusal).toEqual({
      code: "unknown_interpreter",
      name: "2.7",
      offered: runner.interpreters().map((i) => i.name),
    });
    expect(platform.views("snippet_run", "public")).toHaveLength(0);
  });

  it("GIVEN a result WHEN Compare interpreters is pressed THEN each interpreter's status, times and first differing line are shown", async () => {
    await platform.command(alice(), "run", undefined, { code: versionSnippet });
    const run = platform.views("snippet_run", "public").at(-1);
    const names = runner.interpreters().map((i) => i.name);
    if (names.length < 2) {
      expect(run?.compareActionId).toBeUndefined();
      return;
    }
    expect(run?.compareActionId).toBe(`run:cmp:${run?.runId}`);
    await platform.press(platform.member("bob", { displayName: "Bob" }), run?.compareActionId ?? "");
    const comparison = platform.views("snippet_comparison", "public").at(-1) as SnippetComparisonView;
    expect(comparison.rows.map((row) => row.name)).toEqual(names);
    expect(comparison.rows[0]).toMatchObject({ same: true, run: { status: "ok" } });
    expect(comparison.rows[1]).toMatchObject({
      same: false,
      firstDifference: { stream: "stdout", line: 2 },
    });
    // Whole milliseconds: a warm run of a one-line snippet can take less than one (0 here, on a fast host).
    expect(comparison.rows.every((row) => row.cpuMs !== null && Number.isInteger(row.run.wallMs))).toBe(true);
    expect(comparison.rows.every((row) => row.run.wallMs >= 0)).toBe(true);
    const message = present(comparison, fullCapabilities);
    const text = JSON.stringify(message);
    expect(text).toContain("differs at stdout line 2");
    expect(text).toContain("No free-threaded build");
    expect(message.buttons?.flat().map((button) => button.label)).toContain("Compare interpreters");
  });

  it("GIVEN a /timeit result WHEN Compare interpreters is pressed THEN the timing runs on each and ranks them against the fastest", async () => {
    const statement = "sorted(data)";
    await platform.command(alice(), "timeit", undefined, {
      code: statement,
      setup: "data = list(range(2000, 0, -1))",
    });
    const timing = platform.views("snippet_timing", "public").at(-1);
    expect(timing?.outcome.kind).toBe("timed");
    const names = runner.interpreters().map((i) => i.name);
    if (names.length < 2) {
      expect(timing?.compareActionId).toBeUndefined();
      return;
    }
    expect(timing?.compareActionId).toMatch(/^run:tcmp:\d+$/);
    expect(
      present(timing as never, fullCapabilities)
        .buttons?.flat()
        .map((button) => button.label),
    ).toEqual(["Compare interpreters"]);

    await platform.press(platform.member("bob", { displayName: "Bob" }), timing?.compareActionId ?? "");
    const comparison = platform.views("snippet_timing_comparison", "public").at(-1);
    expect(comparison).toMatchObject({
      authorName: "Alice",
      requestedBy: "Bob",
      statement: timing?.statement,
      setup: "data = list(range(2000, 0, -1))",
      compareActionId: timing?.compareActionId,
    });
    expect(comparison?.rows.map((row) => row.name)).toEqual(names);
    for (const row of comparison?.rows ?? []) {
      expect(row.outcome).toMatchObject({ kind: "timed", report: expect.stringMatching(/ per loop$/) });
      expect(row.secondsPerLoop).toBeGreaterThan(0);
      expect(row.relative).toBeGreaterThanOrEqual(1);
    }
    expect(comparison?.rows.filter((row) => row.relative === 1).length).toBeGreaterThanOrEqual(1);
    const message = present(comparison as never, fullCapabilities);
    expect(JSON.stringify(message)).toContain("Fastest: ");
    expect(message.buttons?.flat().map((button) => button.label)).toEqual(["Compare again"]);
  });

  it("GIVEN a plain /run result WHEN its id is pressed as a timing comparison THEN it is refused", async () => {
    await platform.command(alice(), "run", undefined, { code: "print(1)" });
    const run = platform.views("snippet_run", "public").at(-1);
    await platform.press(alice(), `run:tcmp:${run?.runId}`);
    expect(platform.views("snippet_timing_comparison", "public")).toHaveLength(0);
    const refusal = platform
      .privateTo("alice")
      .find((view): view is SnippetRefusedView => view.kind === "snippet_refused");
    expect(refusal?.refusal).toEqual({ code: "unknown_run" });
  });
});
