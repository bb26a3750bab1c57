import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QuestionCatalog } from "../../src/app/question-catalog.js";
import { OpenQuestions } from "../../src/app/rounds/open-questions.js";
import type { RoundRepository, RoundStorage } from "../../src/domain/ports/round-store.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const pack = testPack([choiceQuestion("q1"), choiceQuestion("q2")]);
const t0 = new Date("2026-05-04T12:00:00Z");

describe("the open-question cache of the answer path", () => {
  let database: TestDatabase;
  let store: RoundStorage;
  let reads: number;
  let cache: OpenQuestions;
  let ids: number[];

  beforeEach(async () => {
    database = await createTestDatabase();
    await syncPacks(database.db, [pack]);
    store = drizzleRoundStorage(database.db);
    const created = await store.rounds.createRound({
      place: { platform: "console", workspaceId: "ws", channelId: "general" },
      kind: "round",
      mode: "everyone",
      startedBy: null,
      packId: pack.id,
      topic: null,
      secondsPerQuestion: 20,
      seed: 1,
      questions: pack.questions.map((question) => ({ questionId: question.id, optionOrder: null })),
    });
    if (!created.ok) throw new Error("round not created");
    await store.lifecycle.openQuestion(created.value.id, 0, t0, new Date(t0.getTime() + 20_000));
    ids = (await store.rounds.listRoundQuestions(created.value.id)).map((record) => record.id);
    reads = 0;
    // The real repository, counting how often the cache goes to it.
    const counted: RoundRepository = Object.assign(Object.create(store.rounds), {
      getRoundQuestion: (id: number) => {
        reads += 1;
        return store.rounds.getRoundQuestion(id);
      },
    });
    cache = new OpenQuestions({ rounds: counted, catalog: new QuestionCatalog([pack]) });
  });

  afterEach(async () => {
    await database.close();
  });

  it("GIVEN a burst of answers to an open question THEN its context is read once and then served from memory", async () => {
    const [open = 0] = ids;
    const contexts = await Promise.all([1, 2, 3, 4, 5].map(() => cache.get(open)));
    expect(reads).toBe(1);
    expect(contexts.every((context) => context?.question.id === "q1")).toBe(true);
    await cache.get(open);
    expect(reads).toBe(1);
  });

  it("GIVEN a question that is not open THEN it is read every time, never cached", async () => {
    const [, unopened = 0] = ids;
    expect((await cache.get(unopened))?.record.openedAt).toBeNull();
    await cache.get(unopened);
    expect(reads).toBe(2);
    expect(cache.size).toBe(0);
  });

  it("GIVEN a question closed and forgotten THEN the next answer reads it afresh and sees it closed", async () => {
    const [open = 0] = ids;
    await cache.get(open);
    await store.lifecycle.closeQuestion(open, t0);
    cache.forget(open);
    expect((await cache.get(open))?.record.closedAt).toEqual(t0);
    expect(reads).toBe(2);
  });

  it("GIVEN an id no round has THEN there is no context", async () => {
    expect(await cache.get(999_999)).toBeUndefined();
  });
});
