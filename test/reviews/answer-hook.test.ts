import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import type { RoundStorage } from "../../src/domain/ports/round-store.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { reviewAnswerHook } from "../../src/storage/reviews/review-answer-hook.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { reviewCards, reviewLogs } from "../../src/storage/schema/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const place: Place = { platform: "console", workspaceId: "local", channelId: "general" };
const t0 = new Date("2026-03-02T10:00:00Z");
const member = (id: string) => ({ platform: "console" as const, id, displayName: id });

describe.each(storageKinds)("quiz answers grade review cards on %s", (kind) => {
  let database: TestDatabase;
  let store: RoundStorage;
  let roundQuestionId: number;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [testPack([choiceQuestion("q1")])]);
    store = drizzleRoundStorage(database.db, [reviewAnswerHook()]);
    const created = await store.rounds.createRound({
      place,
      kind: "round",
      mode: "everyone",
      startedBy: null,
      packId: "test-pack",
      topic: null,
      secondsPerQuestion: 20,
      seed: 1,
      questions: [{ questionId: "q1", optionOrder: [0, 1, 2] }],
    });
    if (!created.ok) throw new Error("round not created");
    const opened = await store.lifecycle.openQuestion(
      created.value.id,
      0,
      t0,
      new Date(t0.getTime() + 20_000),
    );
    roundQuestionId = opened?.question.id ?? -1;
  });
  afterEach(async () => {
    await database.close();
  });

  const answer = (who: string, correct: boolean, responseMs: number) =>
    store.answers.recordAnswer({
      roundQuestionId,
      user: member(who),
      questionId: "q1",
      response: { type: "choice", index: correct ? 1 : 0 },
      correct,
      points: correct ? 100 : 0,
      responseMs,
      answeredAt: new Date(t0.getTime() + responseMs),
    });

  it("GIVEN answers of 20 s questions THEN wrong is Again, quick is Easy, middling Good, slow Hard, each logged with its answer", async () => {
    await answer("wrong", false, 3_000);
    await answer("quick", true, 3_000);
    await answer("middling", true, 10_000);
    await answer("slow", true, 18_000);
    const logs = await database.db.select().from(reviewLogs);
    expect(logs.map((log) => [log.rating, log.source, log.answerId !== null])).toEqual([
      [1, "round", true],
      [4, "round", true],
      [3, "round", true],
      [2, "round", true],
    ]);
    expect(await database.db.select().from(reviewCards)).toHaveLength(4);
  });
});
