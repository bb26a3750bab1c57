import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { ChatUser } from "../../src/domain/ports/chat-platform.js";
import type { CodeRunner } from "../../src/domain/ports/code-runner.js";
import type { View } from "../../src/domain/ports/views/index.js";
import type { ChallengeQuestion } from "../../src/domain/questions/question.js";
import { present } from "../../src/platforms/shared/present.js";
import { answers, snippetRuns } from "../../src/storage/schema/index.js";
import { startTestRunner } from "../code-review/harness.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

/** The runner's default snippet limit, which a refusal must name. */
const limitBytes = 20 * 1024;

const challenge: ChallengeQuestion = {
  id: "fuzz-challenge",
  packId: "test-pack",
  kind: "challenge",
  tags: ["challenges"],
  difficulty: 1,
  prompt: "Make `one()` return 1.",
  explanation: "Return 1.",
  starter: "def one():\n    return ___\n",
  solution: "def one():\n    return 1\n",
  checks: [{ name: "returns one", code: "from solution import one\nassert one() == 1" }],
};
const pack = testPack([choiceQuestion("q1"), challenge]);

/** Every string in a value, depth first (a rendered message: title, blocks, buttons, attachment). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/**
 * A result as the channel gets it cannot ping anyone nor open or close a code block, even on a platform
 * or client that drops NUL characters (which would join what a NUL kept apart).
 */
function expectSafeToPost(view: View): void {
  const text = strings(present(view, fullCapabilities)).join("\n").replaceAll("\u0000", "");
  expect(text).not.toMatch(/@(everyone|here|channel)\b/i);
  expect(text).not.toMatch(/<[@!]/);
  expect(text).not.toContain("```");
}

let runner: CodeRunner;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onRejection);
  runner = await startTestRunner();
});

afterAll(async () => {
  process.off("unhandledRejection", onRejection);
  await runner.close();
});

/**
 * Snippets as members paste them, and worse, sent through the real router to the real sandbox: whatever
 * comes in, the process carries on, the member hears a clear message, what is posted cannot ping anyone
 * or break out of its code block, and a run is stored only when it ran, with the code that ran.
 */
describe.each(storageKinds)("bad snippets through the real router and sandbox on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let time: ManualTime;
  let bot: Bot;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    platform = new FakePlatform();
    time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
    bot = createBot({
      database,
      platforms: [platform],
      packs: [pack],
      logger: silentLogger(),
      runner,
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    await bot.start();
  });

  afterAll(async () => {
    await bot.stop();
    await database.close();
    expect(rejections).toEqual([]);
  });

  const storedRuns = () => database.db.select().from(snippetRuns).orderBy(asc(snippetRuns.id));
  let memberCount = 0;
  function newMember(displayName?: string): ChatUser {
    memberCount += 1;
    return platform.member(`member-${memberCount}`, displayName === undefined ? {} : { displayName });
  }

  /** The views one member got for `/run` with this text, public and private. */
  async function run(text: string): Promise<View[]> {
    const member = newMember();
    const before = platform.sent.length;
    await platform.command(member, "run", undefined, { code: text }, time.now());
    return platform.sent.slice(before).flatMap((sent) => ("view" in sent ? [sent.view] : []));
  }

  it("GIVEN a python fence that never closes THEN the code after it runs, instead of the fence line failing as Python", async () => {
    const [view] = await run("Why?\n```python\nprint('open fence')\n");
    expect(view).toMatchObject({ kind: "snippet_run", status: "ok", code: "print('open fence')\n" });
    expect(view?.kind === "snippet_run" && view.stdout.lines).toEqual([{ number: 1, text: "open fence" }]);
  });

  it("GIVEN an unclosed fence of another language THEN nothing runs and the member is told there is no Python", async () => {
    const runsBefore = (await storedRuns()).length;
    expect(await run("```js\nconsole.log(1)")).toEqual([
      { kind: "snippet_refused", refusal: { code: "no_code", from: "command" }, submission: false },
    ]);
    expect(await storedRuns()).toHaveLength(runsBefore);
  });

  it("GIVEN output that hides pings and a fence behind NUL characters THEN the posted result holds neither, even where NUL is dropped", async () => {
    const [view] = await run("print('@\\0everyone <\\0@123> <\\0!here> `\\0`\\0` done')");
    expect(view).toMatchObject({ kind: "snippet_run", status: "ok" });
    expectSafeToPost(view as View);
  });

  describe("a challenge in a round", () => {
    let formId: string;

    beforeAll(async () => {
      const host = platform.member("host", { isAdmin: true });
      const posted = platform.views("question", "post").length;
      await platform.command(
        host,
        "quiz",
        "start",
        { topic: challenge.id, questions: 1, seconds: 600 },
        time.now(),
      );
      await eventually(() => expect(platform.views("question", "post")).toHaveLength(posted + 1));
      const question = platform.views("question", "post").at(-1);
      if (!question) throw new Error("no challenge posted");
      formId = `qc:${question.roundQuestionId}`;
    });

    it("GIVEN a submission over 20 KiB that breaks after 20,000 characters THEN it is refused naming the limit, not graded on a shortened copy", async () => {
      const member = newMember();
      const runsBefore = (await storedRuns()).length;
      const answersBefore = (await database.db.select().from(answers)).length;
      const code = `${challenge.solution}${"#".repeat(30_000)}\nthis line is no Python\n`;
      await platform.submit(member, formId, { code }, time.now());
      const [reply, ...more] = platform.privateTo(member.id);
      expect(more).toEqual([]);
      expect(reply).toMatchObject({
        kind: "snippet_refused",
        refusal: { code: "code_too_large", limitBytes },
        submission: true,
      });
      const text = JSON.stringify(present(reply as View, fullCapabilities));
      expect(text).toContain("20 KiB");
      expect(text).toContain("not recorded");
      expect(await storedRuns()).toHaveLength(runsBefore);
      expect(await database.db.select().from(answers)).toHaveLength(answersBefore);
    });
  });
});
