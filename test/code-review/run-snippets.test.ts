import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { CodeRunner } from "../../src/domain/ports/code-runner.js";
import type {
  SnippetDeterminismView,
  SnippetRefusedView,
  SnippetRunView,
  View,
} from "../../src/domain/ports/views/index.js";
import { present } from "../../src/platforms/shared/present.js";
import { DrizzleSnippetRunStore } from "../../src/storage/repositories/snippet-runs.js";
import { snippetRuns } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";
import { runReview, startTestRunner } from "./harness.js";

const pack = testPack([choiceQuestion("q1")]);

// Five sandboxed runs for a determinism check take seconds on a busy machine.
describe("running snippets in chat with the real sandbox", { timeout: 90_000 }, () => {
  let runner: CodeRunner;
  let database: TestDatabase;
  let platform: FakePlatform;
  let bot: Bot;

  beforeAll(async () => {
    runner = await startTestRunner();
  });

  afterAll(async () => {
    await runner.close();
  });

  beforeEach(async () => {
    database = await createTestDatabase();
    platform = new FakePlatform();
    bot = createBot({ database, platforms: [platform], packs: [pack], logger: silentLogger(), runner });
    await bot.start();
  });

  afterEach(async () => {
    await bot.stop();
    await database.close();
  });

  const alice = () => platform.member("alice", { displayName: "Alice" });
  const bob = () => platform.member("bob", { displayName: "Bob" });
  const runs = () => platform.views("snippet_run", "public");
  const lastRun = (): SnippetRunView => {
    const view = runs().at(-1);
    if (!view) throw new Error("no snippet run shown");
    return view;
  };
  const refusals = (userId: string) =>
    platform.privateTo(userId).filter((view): view is SnippetRefusedView => view.kind === "snippet_refused");
  const rendered = (view: View) => JSON.stringify(present(view, fullCapabilities));
  const run = (code: string, user = alice()) => platform.command(user, "run", undefined, { code });

  it("GIVEN /run with a python block THEN the channel sees numbered output and the run is stored", async () => {
    await run("```python\nfor word in ['alpha', 'beta']:\n    print(word)\n```");
    expect(platform.sent[0]).toMatchObject({ via: "defer", private: false });
    const view = lastRun();
    expect(view).toMatchObject({ status: "ok", exitCode: 0, backend: "bwrap", authorName: "Alice" });
    expect(view.stdout.lines).toEqual([
      { number: 1, text: "alpha" },
      { number: 2, text: "beta" },
    ]);
    expect(view.fullOutput).toBeUndefined();
    const message = present(view, fullCapabilities);
    expect(message.blocks).toContainEqual({ type: "code", language: "", code: "alpha\nbeta" });
    expect(message.buttons?.flat().map((button) => button.label)).toEqual(["Run again", "Check determinism"]);
    const rows = await database.db.select().from(snippetRuns).where(eq(snippetRuns.id, view.runId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "ok",
      exitCode: 0,
      stdout: "alpha\nbeta\n",
      code: "for word in ['alpha', 'beta']:\n    print(word)\n",
      channelId: "general",
      questionId: null,
    });
  });

  it("GIVEN output longer than 15 lines THEN 15 numbered lines show and the whole output is attached", async () => {
    await run("for i in range(40):\n    print(f'line {i}')");
    const view = lastRun();
    expect(view.stdout.lines).toHaveLength(15);
    expect(view.stdout).toMatchObject({ shortened: true, totalLines: 40 });
    const message = present(view, fullCapabilities);
    expect(message.attachment?.filename).toBe("output.txt");
    expect(message.attachment?.content.split("\n").filter(Boolean)).toHaveLength(40);
    expect(message.attachment?.content).toContain("line 39");
  });

  it("GIVEN output that pings or closes a fence THEN the message cannot ping nor break out", async () => {
    await run("print('@everyone @here <@123> <!channel> ``` done')");
    const view = lastRun();
    const text = rendered(view);
    expect(text).not.toMatch(/@everyone|@here|<@123>|<!channel>|```/);
    expect(view.stdout.lines[0]?.text.replace(/\u200b/g, "")).toBe(
      "@everyone @here <@123> <!channel> ``` done",
    );
  });

  it("GIVEN a failing snippet THEN the reply shows its exit code and stderr separately", async () => {
    await run("import sys\nprint('before')\nprint('boom', file=sys.stderr)\nsys.exit(3)");
    const view = lastRun();
    expect(view).toMatchObject({ status: "error", exitCode: 3 });
    expect(view.stderr.lines).toEqual([{ number: 1, text: "boom" }]);
    const text = rendered(view);
    expect(text).toContain("Exit code 3");
    expect(text).toContain("stderr");
  });

  it("GIVEN a stored run WHEN another member presses Run again THEN the stored code runs again, credited to its author", async () => {
    await run("print(6 * 7)");
    const first = lastRun();
    await platform.press(bob(), first.againActionId);
    expect(runs()).toHaveLength(2);
    const again = lastRun();
    expect(again).toMatchObject({ rerun: true, authorName: "Alice", requestedBy: "Bob", status: "ok" });
    expect(again.stdout.lines).toEqual([{ number: 1, text: "42" }]);
    expect(again.runId).not.toBe(first.runId);
    expect(await database.db.select().from(snippetRuns)).toHaveLength(2);
  });

  it("GIVEN a snippet whose output changes each run THEN Check determinism reports which runs differ and the first differing line", async () => {
    await run("import time\nprint('start')\nprint(time.perf_counter_ns())");
    await platform.press(bob(), lastRun().determinismActionId);
    const [view] = platform.views("snippet_determinism", "public");
    expect(view?.runs).toHaveLength(5);
    expect(view).toMatchObject({ differed: true, differingRuns: [2, 3, 4, 5] });
    expect(view?.firstDifference).toMatchObject({ stream: "stdout", line: 2 });
    expect(view?.firstDifference?.first).not.toBe(view?.firstDifference?.other);
    expect(rendered(view as SnippetDeterminismView)).toContain("differs between runs");
  });

  it("GIVEN a deterministic snippet THEN Check determinism reports the same output in all five runs", async () => {
    await run("print(sorted({3, 1, 2}))");
    await platform.press(alice(), lastRun().determinismActionId);
    const [view] = platform.views("snippet_determinism", "public");
    expect(view).toMatchObject({ differed: false, differingRuns: [], firstDifference: null });
    expect(view?.runs.map((summary) => summary.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("GIVEN a forged run id, or a run of another channel THEN the button is refused and nothing runs", async () => {
    const foreign = await new DrizzleSnippetRunStore(database.db).save({
      place: { platform: "console", workspaceId: "ws", channelId: "elsewhere" },
      author: bob(),
      code: "print('secret')",
      result: {
        status: "ok",
        exitCode: 0,
        signal: null,
        stdout: "secret\n",
        stderr: "",
        stdoutTruncated: false,
        stderrTruncated: false,
        wallMs: 10,
        backend: "bwrap",
      },
    });
    await platform.press(alice(), "run:again:999999");
    await platform.press(alice(), `run:det:${foreign}`);
    await platform.press(alice(), "run:again:1x");
    expect(refusals("alice").map((view) => view.refusal.code)).toEqual([
      "unknown_run",
      "unknown_run",
      "unknown_run",
    ]);
    expect(runs()).toHaveLength(0);
  });

  it("GIVEN Run & review on a message THEN its first code block runs and the message's author is named", async () => {
    const carol = platform.member("carol", { displayName: "Carol" });
    const answered = await runReview(bot, platform.place, alice(), {
      text: "Why is this 3?\n```python\nprint(len({1, 1, 2, 3}))\n```",
      author: carol,
    });
    expect(answered.map((entry) => entry.via)).toEqual(["defer", "public"]);
    expect(answered[1]?.view).toMatchObject({
      kind: "snippet_run",
      authorName: "Carol",
      requestedBy: "Alice",
    });
  });

  it("GIVEN Run & review on a message without code THEN it is refused privately with a clear reason", async () => {
    const answered = await runReview(bot, platform.place, alice(), {
      text: "Has anyone tried asyncio.TaskGroup yet?\n```js\nconsole.log(1)\n```",
    });
    expect(answered).toHaveLength(1);
    const [only] = answered;
    expect(only?.via).toBe("private");
    expect(only?.view).toMatchObject({
      kind: "snippet_refused",
      refusal: { code: "no_code", from: "message" },
    });
    expect(rendered(only?.view as View)).toContain("no Python code");
  });

  it("GIVEN /run with nothing THEN a code form opens, with optional standard input, and its submission runs", async () => {
    await platform.command(alice(), "run", undefined, {});
    const form = platform.sent.find((sent) => sent.via === "form");
    expect(form).toMatchObject({
      form: {
        formId: "run",
        fields: [
          { id: "code", multiline: true },
          { id: "input", multiline: true, optional: true },
        ],
      },
    });
    await platform.submit(alice(), "run", { code: "print('from the form')" });
    expect(lastRun().stdout.lines).toEqual([{ number: 1, text: "from the form" }]);
  });

  it("GIVEN a member already has a run going THEN a second one at the same time is refused: one at a time", async () => {
    await Promise.all([
      run("import time\ntime.sleep(1.5)\nprint('slow')"),
      run("import time\ntime.sleep(1.5)\nprint('slow')"),
    ]);
    expect(runs()).toHaveLength(1);
    expect(refusals("alice").map((view) => view.refusal.code)).toEqual(["already_queued"]);
    expect(rendered(refusals("alice")[0] as View)).toContain("one run at a time");
  });

  it("GIVEN a snippet over the size limit THEN it is refused naming the limit", async () => {
    await run(`x = """${"a".repeat(21 * 1024)}"""`);
    expect(refusals("alice")[0]?.refusal).toEqual({ code: "code_too_large", limitBytes: 20 * 1024 });
    expect(rendered(refusals("alice")[0] as View)).toContain("20 KiB");
  });

  it("GIVEN a snippet that runs out of memory or is killed THEN the reply says how it ended", async () => {
    await run("x = bytearray(1024 * 1024 * 1024)");
    expect(rendered(lastRun())).toContain("Killed: out of memory");
    await run("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)");
    expect(lastRun()).toMatchObject({ status: "signal", signal: "SIGSEGV" });
    expect(rendered(lastRun())).toContain("Killed by SIGSEGV");
  });

  it("GIVEN a snippet that runs past the wall limit THEN it shows as timed out after 5 s", async () => {
    await run("while True:\n    pass");
    const view = lastRun();
    expect(view.status).toBe("timeout");
    expect(rendered(view)).toMatch(/Timed out after [56] s/);
  });
});

describe("running snippets without a runner", () => {
  it("GIVEN the runner is off THEN /run says so privately", async () => {
    const database = await createTestDatabase();
    const platform = new FakePlatform();
    const bot = createBot({ database, platforms: [platform], packs: [pack], logger: silentLogger() });
    await bot.start();
    try {
      await platform.command(platform.member("alice"), "run", undefined, { code: "print(1)" });
      expect(platform.privateTo("alice")).toEqual([
        { kind: "snippet_refused", refusal: { code: "runner_off" }, submission: false },
      ]);
    } finally {
      await bot.stop();
      await database.close();
    }
  });
});
