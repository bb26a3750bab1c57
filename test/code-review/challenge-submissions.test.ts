import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { CodeRunner } from "../../src/domain/ports/code-runner.js";
import type { ChallengeResultView, QuestionView, View } from "../../src/domain/ports/views/index.js";
import type { ChallengeQuestion, Pack } from "../../src/domain/questions/question.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { present } from "../../src/platforms/shared/present.js";
import { ProcessCodeReviewer } from "../../src/review/process-code-reviewer.js";
import { answers, snippetRuns, users } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { silentLogger } from "../support/silent-logger.js";
import { startTestRunner } from "./harness.js";

const challengeId = "challenge-orders-thread-pool";
const start = new Date("2026-05-04T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

// Loading the shipped packs and two sandboxed runs of four checks each take seconds on a busy machine.
describe("challenge submissions in a round, graded in the real sandbox", { timeout: 120_000 }, () => {
  let runner: CodeRunner;
  let packs: Pack[];
  let challenge: ChallengeQuestion;
  let database: TestDatabase;
  let time: ManualTime;
  let platform: FakePlatform;
  let bot: Bot;

  beforeAll(async () => {
    runner = await startTestRunner();
    const loaded = await loadPacks("quizzes");
    if (!loaded.ok) throw new Error("the shipped packs do not load");
    packs = loaded.value;
    const found = packs.flatMap((pack) => pack.questions).find((question) => question.id === challengeId);
    if (found?.kind !== "challenge") throw new Error(`${challengeId} is not a shipped challenge`);
    challenge = found;
  });

  afterAll(async () => {
    await runner.close();
  });

  beforeEach(async () => {
    database = await createTestDatabase();
    time = new ManualTime(start);
    platform = new FakePlatform();
    bot = createBot({
      database,
      platforms: [platform],
      packs,
      logger: silentLogger(),
      runner,
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    await bot.start();
  });

  afterEach(async () => {
    await bot.stop();
    await database.close();
  });

  const alice = () => platform.member("alice", { displayName: "Alice" });
  const bob = () => platform.member("bob", { displayName: "Bob" });
  const results = (userId: string) =>
    platform
      .privateTo(userId)
      .filter((view): view is ChallengeResultView => view.kind === "challenge_result");

  async function openChallenge(): Promise<QuestionView> {
    await platform.command(alice(), "quiz", "start", { topic: challengeId, questions: 1 }, at(0));
    await eventually(() => expect(platform.views("question", "post")).toHaveLength(1));
    const [question] = platform.views("question", "post");
    if (!question) throw new Error("no question posted");
    expect(question).toMatchObject({ questionId: challengeId, answerMode: "code" });
    return question;
  }

  it("GIVEN the reference solution and the starter are submitted THEN one is recorded correct with points, the other incorrect, and both hear which checks passed", async () => {
    const question = await openChallenge();
    const formId = `qc:${question.roundQuestionId}`;
    await platform.submit(alice(), formId, { code: challenge.solution }, at(30_000));
    await platform.submit(bob(), formId, { code: challenge.starter }, at(40_000));

    const checkNames = challenge.checks.map((check) => check.name);
    const [good] = results("alice");
    expect(good?.outcome).toEqual({ type: "recorded", correct: true, points: 145 });
    expect(good?.checks.map((check) => [check.name, check.passed])).toEqual(
      checkNames.map((name) => [name, true]),
    );
    const [bad] = results("bob");
    expect(bad?.outcome).toEqual({ type: "recorded", correct: false, points: 0 });
    expect(bad?.checks.map((check) => check.name)).toEqual(checkNames);
    expect(bad?.checks.some((check) => !check.passed)).toBe(true);

    // The private reply names the checks but never shows their hidden code.
    for (const view of [good, bad]) {
      const text = JSON.stringify(present(view as ChallengeResultView, fullCapabilities));
      for (const name of checkNames) expect(text).toContain(name);
      for (const check of challenge.checks) expect(text).not.toContain(check.code.trim().split("\n")[0]);
    }
    expect(platform.sent.filter((sent) => sent.via === "defer")).toEqual([
      { via: "defer", to: "alice", private: true },
      { via: "defer", to: "bob", private: true },
    ]);

    const stored = await database.db
      .select({ name: users.displayName, correct: answers.correct, points: answers.points })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId))
      .orderBy(users.displayName);
    expect(stored).toEqual([
      { name: "Alice", correct: true, points: 145 },
      { name: "Bob", correct: false, points: 0 },
    ]);
    const runs = await database.db.select().from(snippetRuns);
    expect(runs.map((row) => row.questionId)).toEqual([challengeId, challengeId]);
  });

  it("GIVEN a member already answered THEN a second submission runs but is not recorded again", async () => {
    const question = await openChallenge();
    const formId = `qc:${question.roundQuestionId}`;
    await platform.submit(bob(), formId, { code: challenge.starter }, at(10_000));
    await platform.submit(bob(), formId, { code: challenge.solution }, at(20_000));
    expect(results("bob").map((view) => view.outcome)).toEqual([
      { type: "recorded", correct: false, points: 0 },
      { type: "refused", reason: "already_answered" },
    ]);
    expect(await database.db.select().from(answers)).toHaveLength(1);
  });

  it("GIVEN a stored challenge run THEN its id cannot be replayed with Run again (it holds a member's solution)", async () => {
    const question = await openChallenge();
    await platform.submit(alice(), `qc:${question.roundQuestionId}`, { code: challenge.solution }, at(5_000));
    const [row] = await database.db.select({ id: snippetRuns.id }).from(snippetRuns);
    await platform.press(bob(), `run:again:${row?.id}`);
    expect(platform.privateTo("bob")).toEqual([
      { kind: "snippet_refused", refusal: { code: "unknown_run" }, submission: false },
    ]);
    expect(platform.views("snippet_run")).toHaveLength(0);
  });

  it("GIVEN a forged or foreign challenge form THEN it is refused before anything runs", async () => {
    await platform.submit(alice(), "qc:999999", { code: challenge.solution }, at(1_000));
    await platform.submit(alice(), "qc:abc", { code: challenge.solution }, at(1_000));
    expect(
      platform.privateTo("alice").map((view) => (view.kind === "notice" ? view.notice.code : view.kind)),
    ).toEqual(["unknown_action", "unknown_action"]);
    expect(await database.db.select().from(snippetRuns)).toHaveLength(0);
  });
  it("GIVEN a snippet limit smaller than the harness (RUNNER_CODE_KB=1) THEN a short attempt is graded and a larger one refused naming the limit", async () => {
    const small = await startTestRunner({ codeBytes: 1024 });
    // This test's database, with a bot and a platform of its own on it: the shared bot stays idle.
    const own = { database, platform: new FakePlatform() };
    const smallBot = createBot({
      database: own.database,
      platforms: [own.platform],
      packs,
      logger: silentLogger(),
      runner: small,
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    try {
      await smallBot.start();
      const member = own.platform.member("carol", { displayName: "Carol" });
      await own.platform.command(member, "quiz", "start", { topic: challengeId, questions: 1 }, at(0));
      await eventually(() => expect(own.platform.views("question", "post")).toHaveLength(1));
      const formId = `qc:${own.platform.views("question", "post")[0]?.roundQuestionId}`;
      const code = `${challenge.starter}\n${"#".repeat(1100)}\n`;
      await own.platform.submit(member, formId, { code }, at(5_000));
      const [reply, ...more] = own.platform.privateTo("carol");
      expect(more).toEqual([]);
      expect(reply).toMatchObject({
        kind: "snippet_refused",
        refusal: { code: "code_too_large", limitBytes: 1024 },
      });
      expect(JSON.stringify(present(reply as View, fullCapabilities))).toContain("1 KiB");
      expect(await own.database.db.select().from(snippetRuns)).toEqual([]);
      expect(await own.database.db.select().from(answers)).toEqual([]);

      // The harness and its checks (several KiB, from the pack) are not the member's code.
      expect(Buffer.byteLength(challenge.starter, "utf8")).toBeLessThan(1024);
      const dave = own.platform.member("dave", { displayName: "Dave" });
      await own.platform.submit(dave, formId, { code: challenge.starter }, at(6_000));
      expect(own.platform.privateTo("dave")).toMatchObject([
        { kind: "challenge_result", outcome: { type: "recorded", correct: false } },
      ]);
      expect(await own.database.db.select().from(answers)).toHaveLength(1);
    } finally {
      await smallBot.stop();
      await small.close();
    }
  });

  it("GIVEN a submission Python cannot parse THEN it is not run or recorded, the member sees line, column and a caret, and a corrected one is graded", async () => {
    const reviewer = new ProcessCodeReviewer();
    const own = { database, platform: new FakePlatform() };
    const reviewing = createBot({
      database: own.database,
      platforms: [own.platform],
      packs,
      logger: silentLogger(),
      runner,
      reviewer,
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    try {
      await reviewing.start();
      const member = own.platform.member("erin", { displayName: "Erin" });
      await own.platform.command(member, "quiz", "start", { topic: challengeId, questions: 1 }, at(0));
      await eventually(() => expect(own.platform.views("question", "post")).toHaveLength(1));
      const formId = `qc:${own.platform.views("question", "post")[0]?.roundQuestionId}`;
      await own.platform.submit(member, formId, { code: "def orders(:\n    return 1\n" }, at(5_000));
      const [reply, ...more] = own.platform.privateTo("erin");
      expect(more).toEqual([]);
      expect(reply).toMatchObject({
        kind: "snippet_review",
        notRun: true,
        submission: true,
        review: {
          status: "syntax_error",
          findings: [{ ruleId: "syntax-error", line: 1, excerpt: "def orders(:" }],
        },
      });
      const words = present(reply as View, fullCapabilities);
      const text = JSON.stringify(words);
      expect(text).toContain("Python cannot parse this");
      expect(text).toContain("not recorded as your answer");
      const caret = words.blocks.find((block) => block.type === "code");
      expect(caret).toMatchObject({ code: expect.stringMatching(/^def orders\(:\n {5,}\^$/) });
      expect(await own.database.db.select().from(snippetRuns)).toEqual([]);
      expect(await own.database.db.select().from(answers)).toEqual([]);

      await own.platform.submit(member, formId, { code: challenge.solution }, at(9_000));
      expect(own.platform.privateTo("erin").at(-1)).toMatchObject({
        kind: "challenge_result",
        outcome: { type: "recorded", correct: true },
      });
      expect(await own.database.db.select().from(answers)).toHaveLength(1);
    } finally {
      await reviewing.stop();
      await reviewer.close();
    }
  });
});
