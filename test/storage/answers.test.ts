import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import type { RoundStorage } from "../../src/domain/ports/round-store.js";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const place: Place = { platform: "console", workspaceId: "local", channelId: "general" };
const alice = { platform: "console" as const, id: "alice", displayName: "Alice" };
const t0 = new Date("2026-03-02T10:00:00Z");

describe.each(storageKinds)("answers on %s", (kind) => {
  let database: TestDatabase;
  let store: RoundStorage;
  let roundQuestionId: number;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [testPack([choiceQuestion("q1"), choiceQuestion("q2")])]);
    store = drizzleRoundStorage(database.db);
    const created = await store.rounds.createRound({
      place,
      kind: "round",
      mode: "everyone",
      startedBy: null,
      packId: "test-pack",
      topic: null,
      secondsPerQuestion: 20,
      seed: 7,
      questions: [
        { questionId: "q1", optionOrder: [0, 1, 2] },
        { questionId: "q2", optionOrder: null },
      ],
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

  const answer = (overrides: Partial<Parameters<RoundStorage["answers"]["recordAnswer"]>[0]> = {}) =>
    store.answers.recordAnswer({
      roundQuestionId,
      user: alice,
      questionId: "q1",
      response: { type: "choice", index: 1 },
      correct: true,
      points: 140,
      responseMs: 2000,
      answeredAt: new Date(t0.getTime() + 2000),
      ...overrides,
    });

  it("GIVEN a member answered THEN a second answer is a typed already_answered result and the first one stays", async () => {
    const first = await answer();
    const second = await answer({ response: { type: "choice", index: 0 }, correct: false, points: 0 });
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, error: "already_answered" });
    const stored = await store.answers.questionAnswers(roundQuestionId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ displayName: "Alice", correct: true, points: 140 });
  });

  it("GIVEN members named by their platform ids THEN only the answers of those members on that platform are counted", async () => {
    await answer();
    await answer({ user: { platform: "console", id: "bob", displayName: "Bob" } });
    await answer({ user: { platform: "slack", id: "carol", displayName: "Carol" } });
    const among = (platform: "console" | "slack", ids: string[]) =>
      store.answers.answeredAmongMembers(roundQuestionId, platform, ids);
    expect(await among("console", ["alice", "bob", "dave"])).toBe(2);
    expect(await among("console", ["carol"])).toBe(0);
    expect(await among("slack", ["carol", "alice"])).toBe(1);
    expect(await among("console", [])).toBe(0);
  });

  it("GIVEN the same answer delivered twice at once THEN exactly one is stored", async () => {
    const results = await Promise.all([answer(), answer(), answer()]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.error)).toEqual([
      "already_answered",
      "already_answered",
    ]);
    expect(await store.answers.answerCount(roundQuestionId)).toBe(1);
  });

  it("GIVEN a typed answer holding a NUL character THEN it is stored without it instead of failing", async () => {
    const stored = await answer({
      response: { type: "text", text: "task\u0000_done" },
      correct: false,
      points: 0,
    });
    expect(stored.ok).toBe(true);
    expect(await store.answers.answerCount(roundQuestionId)).toBe(1);
  });

  it("GIVEN a typed answer and a display name holding lone surrogates THEN both are stored with U+FFFD instead of failing", async () => {
    const stored = await answer({
      user: { ...alice, id: "surrogate", displayName: "\ud800Sur" },
      response: { type: "text", text: "gat\ud800her" },
      correct: false,
      points: 0,
    });
    expect(stored.ok).toBe(true);
    const rows = await selectRows<{ text: string; name: string }>(
      database.db,
      sql`select a.response->>'text' as text, u.display_name as name from answers a join users u on u.id = a.user_id`,
    );
    expect(rows).toEqual([{ text: "gat\ufffdher", name: "\ufffdSur" }]);
  });

  it("GIVEN the question's time is up THEN an answer is refused as question_closed and nothing is stored", async () => {
    const late = await answer({ answeredAt: new Date(t0.getTime() + 21_000) });
    expect(late).toEqual({ ok: false, error: "question_closed" });
    expect(await store.answers.answerCount(roundQuestionId)).toBe(0);
  });

  it("GIVEN a round is open in a channel THEN a second round there is refused as channel_busy", async () => {
    const again = await store.rounds.createRound({
      place,
      kind: "round",
      mode: "everyone",
      startedBy: null,
      packId: null,
      topic: null,
      secondsPerQuestion: 20,
      seed: 1,
      questions: [{ questionId: "q2", optionOrder: null }],
    });
    expect(again).toEqual({ ok: false, error: "channel_busy" });
  });

  it("GIVEN two processes race to close a question THEN exactly one wins", async () => {
    const wins = await Promise.all([
      store.lifecycle.closeQuestion(roundQuestionId, t0),
      store.lifecycle.closeQuestion(roundQuestionId, t0),
    ]);
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
