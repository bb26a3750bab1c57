import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { QuestionView, RoundSummaryView } from "../../src/domain/ports/views/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

const pack = testPack([choiceQuestion("q1"), choiceQuestion("q2"), choiceQuestion("q3")]);
const start = new Date("2026-05-04T12:00:00Z");

describe("the round engine", () => {
  let database: TestDatabase;
  let time: ManualTime;
  let platform: FakePlatform;
  let bot: Bot;

  const boot = async () => {
    platform = new FakePlatform();
    bot = createBot({
      database,
      platforms: [platform],
      packs: [pack],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { revealPauseMs: 1000, sweepMs: 60_000 },
    });
    await bot.start();
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    time = new ManualTime(start);
    await boot();
  });

  afterEach(async () => {
    await bot.stop();
    await database.close();
  });

  const alice = () => platform.member("alice", { displayName: "Alice" });
  const bob = () => platform.member("bob", { displayName: "Bob" });
  const posted = () => platform.views("question", "post");
  const latestQuestion = (): QuestionView => {
    const question = posted().at(-1);
    if (!question) throw new Error("no question posted yet");
    return question;
  };
  const correctButton = (view: QuestionView) => `q:a:${view.roundQuestionId}:1`;
  const wrongButton = (view: QuestionView) => `q:a:${view.roundQuestionId}:0`;
  const at = (ms: number) => new Date(start.getTime() + ms);
  const summary = (): RoundSummaryView => {
    const found = platform.views("round_summary").at(-1);
    if (!found) throw new Error("no summary yet");
    return found;
  };

  it("GIVEN two members answer correctly THEN the faster one ranks first and both answers are stored", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 1, seconds: 20 }, at(0));
    await eventually(() => expect(posted()).toHaveLength(1));
    const question = latestQuestion();
    await platform.press(bob(), correctButton(question), undefined, at(2000));
    await platform.press(alice(), correctButton(question), undefined, at(9000));
    time.advance(20_000);
    await eventually(() => expect(platform.views("round_summary")).toHaveLength(1));
    const rows = summary().rows;
    expect(rows.map((row) => row.displayName)).toEqual(["Bob", "Alice"]);
    expect(rows[0]?.points).toBeGreaterThan(rows[1]?.points ?? Number.POSITIVE_INFINITY);
    expect(rows[0]?.points).toBe(145); // 100 + round(50 × (1 − 2/20))
    const reveal = platform.views("question", "edit").find((view) => view.reveal);
    expect(reveal?.reveal).toMatchObject({ correctCount: 2, answeredCount: 2, correctKeys: ["B"] });
    expect(reveal?.state).toBe("closed");
  });

  it("GIVEN a member presses twice THEN the second press is refused privately and only the first counts", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 1 }, at(0));
    await eventually(() => expect(posted()).toHaveLength(1));
    const question = latestQuestion();
    await platform.press(alice(), wrongButton(question), undefined, at(1000));
    await platform.press(alice(), correctButton(question), undefined, at(1500));
    expect(
      platform.privateTo("alice").map((view) => (view.kind === "notice" ? view.notice.code : view.kind)),
    ).toEqual(["answer_ack", "already_answered"]);
    time.advance(60_000);
    await eventually(() => expect(platform.views("round_summary")).toHaveLength(1));
    expect(summary().rows).toEqual([{ rank: 1, displayName: "Alice", points: 0, correct: 0, answered: 1 }]);
  });

  it("GIVEN first-correct mode THEN the first right answer closes the question and the next one follows", async () => {
    await platform.command(
      alice(),
      "quiz",
      "start",
      { questions: 2, mode: "first_correct", seconds: 30 },
      at(0),
    );
    await eventually(() => expect(posted()).toHaveLength(1));
    const first = latestQuestion();
    await platform.press(bob(), wrongButton(first), undefined, at(1000));
    await platform.press(alice(), correctButton(first), undefined, at(3000));
    await eventually(() => expect(platform.views("question", "edit").some((view) => view.reveal)).toBe(true));
    time.advance(1000);
    await eventually(() => expect(posted()).toHaveLength(2));
    expect(latestQuestion().position).toBe(1);
  });

  it("GIVEN nobody answers two questions in a row THEN the round stops by itself", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 5, seconds: 10 }, at(0));
    await eventually(() => expect(posted()).toHaveLength(1));
    time.advance(10_000);
    await eventually(() => expect(platform.views("question", "edit")).toHaveLength(1));
    time.advance(1000);
    await eventually(() => expect(posted()).toHaveLength(2));
    time.advance(10_000);
    await eventually(() => expect(platform.views("round_summary")).toHaveLength(1));
    expect(summary().outcome).toBe("inactive");
    expect(posted()).toHaveLength(2);
  });

  it("GIVEN a round is running THEN a second start is told where the running one is", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 3 }, at(0));
    await platform.command(bob(), "quiz", "start", {}, at(1000));
    const notice = platform.privateTo("bob")[0];
    expect(notice).toMatchObject({
      kind: "notice",
      notice: { code: "round_running", position: 0, total: 3, startedBy: "Alice" },
    });
  });

  it("GIVEN a member who neither started the round nor administers THEN /quiz stop is refused; the starter may stop it", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 3 }, at(0));
    await platform.command(bob(), "quiz", "stop", {}, at(1000));
    expect(platform.privateTo("bob")[0]).toMatchObject({ notice: { code: "not_allowed" } });
    await platform.command(alice(), "quiz", "stop", {}, at(2000));
    await eventually(() => expect(platform.views("round_summary")).toHaveLength(1));
    expect(summary().outcome).toBe("stopped");
  });

  it("GIVEN a forged or foreign button id THEN it is refused and nothing is stored", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 1 }, at(0));
    await eventually(() => expect(posted()).toHaveLength(1));
    const question = latestQuestion();
    for (const forged of [`q:a:${question.roundQuestionId}:9`, "q:a:999999:1", "q:a:abc:1", "q:x", "zz:1"]) {
      await platform.press(bob(), forged, undefined, at(1000));
    }
    expect(platform.privateTo("bob").every((view) => view.kind === "notice")).toBe(true);
    const elsewhere = new FakePlatform(undefined, {
      platform: "console",
      workspaceId: "ws",
      channelId: "other",
    });
    await elsewhere.start(bot.handler);
    await elsewhere.press(bob(), correctButton(question), undefined, at(1000));
    expect(elsewhere.privateTo("bob")[0]).toMatchObject({ notice: { code: "unknown_action" } });
    time.advance(60_000);
    await eventually(() => expect(platform.views("round_summary")).toHaveLength(1));
    expect(summary().rows).toEqual([]);
  });

  it("GIVEN the bot restarts in the middle of a round THEN the round resumes and no answer is lost", async () => {
    await platform.command(alice(), "quiz", "start", { questions: 2, seconds: 10 }, at(0));
    await eventually(() => expect(posted()).toHaveLength(1));
    await platform.press(alice(), correctButton(latestQuestion()), undefined, at(1000));
    await bot.stop();
    const before = platform;
    time.advance(30_000); // down past the question's end
    await boot();
    expect(platform).not.toBe(before);
    await eventually(() => expect(platform.views("question", "edit").some((view) => view.reveal)).toBe(true));
    time.advance(1000);
    await eventually(() => expect(posted()).toHaveLength(1));
    await platform.press(alice(), correctButton(latestQuestion()), undefined, time.now());
    time.advance(10_000);
    await eventually(() => expect(platform.views("round_summary")).toHaveLength(1));
    expect(summary().rows[0]).toMatchObject({ displayName: "Alice", correct: 2, answered: 2 });
  });
});
