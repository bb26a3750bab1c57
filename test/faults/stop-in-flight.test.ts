import { afterAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { createTestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { storedAnswers } from "../support/figures.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

const kindOf = (view: View | undefined) =>
  view === undefined ? "none" : view.kind === "notice" ? `notice:${view.notice.code}` : view.kind;

/**
 * runBot's shutdown is `bot.stop()` and then `database.close()`. Answers the router is still handling
 * when stop() is called must be finished by then, or closing the database cuts them off half-way.
 */
describe("stopping the bot with answers in flight", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
  });

  it("GIVEN presses still in the router WHEN the bot stops and the database closes THEN each was acked and stored", async () => {
    const database = await createTestDatabase();
    closers.push(() => database.close());
    const platform = new FakePlatform();
    const time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
    const bot = createBot({
      database,
      platforms: [platform],
      packs: [testPack([choiceQuestion("c1")])],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { revealPauseMs: 100, sweepMs: 600_000 },
    });
    await bot.start();
    await platform.command(
      platform.member("host", { isAdmin: true }),
      "quiz",
      "start",
      { questions: 1, seconds: 60 },
      time.now(),
    );
    await eventually(() => expect(platform.views("question", "post")).toHaveLength(1), 30_000);
    const question = platform.views("question", "post")[0];
    if (!question) throw new Error("no question");

    const members = ["m1", "m2", "m3", "m4", "m5"];
    const presses = members.map((member) =>
      platform.press(platform.member(member), `q:a:${question.roundQuestionId}:1`, undefined, time.now()),
    );
    await bot.stop();
    const rows = await storedAnswers(database.db);
    await database.close();
    await Promise.allSettled(presses);

    expect(members.map((member) => kindOf(platform.privateTo(member).at(-1)))).toEqual(
      members.map(() => "answer_ack"),
    );
    expect(rows.map((row) => row.name).sort()).toEqual(members);
  });
});
