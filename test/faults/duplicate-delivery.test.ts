import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { IncomingEvent, Responder } from "../../src/domain/ports/chat-platform.js";
import type { QuestionView, View } from "../../src/domain/ports/views/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { expectFiguresEqualRecount, storedAnswers } from "../support/figures.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack, textQuestion } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

type Delivery = "concurrent" | "sequential";

/**
 * Platforms deliver at least once: Slack retries an unacknowledged event, a gateway resume replays, a
 * member's client resends. Here every event reaches the real router twice with the same deliveryId, at
 * once or one after the other, and each must count once: one answer row, one ack, leaderboard figures
 * equal to a recount of the answers.
 */
describe.each(storageKinds)("every event delivered twice, on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let time: ManualTime;
  let bot: Bot;
  /** What the bot replied privately, per delivery, for the events this test built itself. */
  const replies = new Map<string, View[]>();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    platform = new FakePlatform();
    time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
    bot = createBot({
      database,
      platforms: [platform],
      packs: [
        testPack([
          choiceQuestion("c1", { tags: ["choices"] }),
          { ...textQuestion("t1", ["gather"]), tags: ["typing"] },
        ]),
      ],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { revealPauseMs: 100, sweepMs: 600_000 },
    });
    await bot.start();
  });

  afterAll(async () => {
    await bot.stop();
    await database.close();
  });

  /** An event as a platform would hand it over, replying into `replies` under its delivery id. */
  function incoming(
    body:
      | { type: "button"; actionId: string }
      | { type: "message"; text: string }
      | { type: "form"; formId: string; fields: Record<string, string> }
      | { type: "command"; name: string; subcommand: string; options: Record<string, string | number> },
    member: string,
    deliveryId: string,
  ): IncomingEvent {
    const record = (view: View) => {
      replies.set(deliveryId, [...(replies.get(deliveryId) ?? []), view]);
    };
    const reply: Responder = {
      public: async (view) => {
        record(view);
        return platform.post(platform.place, view);
      },
      private: async (view) => record(view),
      update: async (view) => record(view),
      defer: async () => {},
      openForm: async () => {},
    };
    return {
      ...body,
      user: platform.member(member, { isAdmin: true }),
      place: platform.place,
      deliveryId,
      receivedAt: time.now(),
      reply,
    } as IncomingEvent;
  }

  async function deliverTwice(event: IncomingEvent, how: Delivery): Promise<void> {
    if (how === "concurrent") await Promise.all([bot.handler(event), bot.handler(event)]);
    else {
      await bot.handler(event);
      await bot.handler(event);
    }
  }

  async function openRound(topic: string, how: Delivery, id: string): Promise<QuestionView> {
    const before = platform.views("question", "post").length;
    await deliverTwice(
      incoming(
        { type: "command", name: "quiz", subcommand: "start", options: { topic, questions: 1, seconds: 60 } },
        "host",
        id,
      ),
      how,
    );
    await eventually(() => expect(platform.views("question", "post").length).toBe(before + 1), 30_000);
    const question = platform.views("question", "post").at(-1);
    if (!question) throw new Error("no question posted");
    return question;
  }

  async function closeRound(): Promise<void> {
    const summaries = platform.views("round_summary", "post").length;
    time.advance(61_000);
    await eventually(
      () => expect(platform.views("round_summary", "post").length).toBe(summaries + 1),
      30_000,
    );
  }

  const kindsOf = (deliveryId: string) =>
    (replies.get(deliveryId) ?? []).map((view) =>
      view.kind === "notice" ? `notice:${view.notice.code}` : view.kind,
    );

  it("GIVEN /quiz start delivered twice THEN one round is announced and one question posted", async () => {
    for (const how of ["concurrent", "sequential"] as const) {
      const rounds = platform.views("round_started").length;
      await openRound("choices", how, `start-${how}`);
      expect(platform.views("round_started").length).toBe(rounds + 1);
      expect(kindsOf(`start-${how}`).sort()).toEqual(["notice:round_running", "round_started"]);
      await closeRound();
    }
    expect(platform.views("question", "post")).toHaveLength(2);
  });

  it("GIVEN button presses delivered twice THEN each member has one answer, one ack and figures equal a recount", async () => {
    const question = await openRound("choices", "concurrent", "start-buttons");
    const members = Array.from({ length: 8 }, (_, index) => `presser-${index}`);
    await Promise.all(
      members.map((member, index) =>
        deliverTwice(
          incoming(
            { type: "button", actionId: `q:a:${question.roundQuestionId}:${index % 3}` },
            member,
            `press-${member}`,
          ),
          index % 2 === 0 ? "concurrent" : "sequential",
        ),
      ),
    );
    for (const member of members) {
      expect(kindsOf(`press-${member}`).sort()).toEqual(["answer_ack", "notice:already_answered"]);
    }
    const mine = (await storedAnswers(database.db)).filter(
      (answer) => answer.roundQuestionId === question.roundQuestionId,
    );
    expect(mine.map((answer) => answer.name).sort()).toEqual([...members].sort());
    await closeRound();
    const summary = platform.views("round_summary", "post").at(-1);
    expect(summary?.rows.map((row) => row.answered)).toEqual(members.map(() => 1));
    await expectFiguresEqualRecount(database.db);
  });

  it("GIVEN typed answers and form submissions delivered twice THEN each counts once", async () => {
    const question = await openRound("typing", "sequential", "start-typing");
    await deliverTwice(incoming({ type: "message", text: "gather" }, "typist", "typed-1"), "concurrent");
    await deliverTwice(incoming({ type: "message", text: "wrong" }, "slowpoke", "typed-2"), "sequential");
    await deliverTwice(
      incoming(
        { type: "form", formId: `q:${question.roundQuestionId}`, fields: { answer: "gather" } },
        "former",
        "form-1",
      ),
      "concurrent",
    );
    for (const id of ["typed-1", "typed-2", "form-1"]) {
      expect(kindsOf(id).sort()).toEqual(["answer_ack", "notice:already_answered"]);
    }
    const mine = (await storedAnswers(database.db)).filter(
      (answer) => answer.roundQuestionId === question.roundQuestionId,
    );
    expect(mine.map((answer) => `${answer.name}:${answer.correct}`).sort()).toEqual([
      "former:true",
      "slowpoke:false",
      "typist:true",
    ]);
    await closeRound();
    await expectFiguresEqualRecount(database.db);
  });

  it("GIVEN any mix of members, choices and duplicate timings THEN stored answers equal the distinct members and the acks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            member: fc.integer({ min: 0, max: 5 }),
            choice: fc.integer({ min: 0, max: 2 }),
            how: fc.constantFrom<Delivery>("concurrent", "sequential"),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        async (presses) => {
          const question = await openRound("choices", "concurrent", `start-${randomUUID()}`);
          const ids = presses.map(() => `press-${randomUUID()}`);
          await Promise.all(
            presses.map((press, index) =>
              deliverTwice(
                incoming(
                  { type: "button", actionId: `q:a:${question.roundQuestionId}:${press.choice}` },
                  `fuzz-${press.member}`,
                  ids[index] ?? "",
                ),
                press.how,
              ),
            ),
          );
          const acks = ids.flatMap((id) =>
            (replies.get(id) ?? []).flatMap((view) => (view.kind === "answer_ack" ? [view] : [])),
          );
          const mine = (await storedAnswers(database.db)).filter(
            (answer) => answer.roundQuestionId === question.roundQuestionId,
          );
          const distinct = new Set(presses.map((press) => `fuzz-${press.member}`));
          expect(mine.map((answer) => answer.name).sort()).toEqual([...distinct].sort());
          expect(acks).toHaveLength(distinct.size);
          expect(acks.reduce((sum, ack) => sum + ack.points, 0)).toBe(
            mine.reduce((sum, answer) => sum + answer.points, 0),
          );
          await closeRound();
        },
      ),
      { numRuns: 4 },
    );
    await expectFiguresEqualRecount(database.db);
  }, 40_000);
});
