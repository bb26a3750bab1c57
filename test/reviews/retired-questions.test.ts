import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReviewStorage } from "../../src/domain/ports/review-store.js";
import type { Pack } from "../../src/domain/questions/question.js";
import { AGAIN } from "../../src/domain/reviews/grading.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const t0 = new Date("2026-03-02T10:00:00Z");
const later = new Date("2026-03-09T10:00:00Z");

function otherPack(questions: Pack["questions"]): Pack {
  return { ...testPack(questions), id: "other-pack", title: "Other pack" };
}

const packA = (ids: readonly string[]) => testPack(ids.map((id) => choiceQuestion(id)));
const packB = otherPack([choiceQuestion("b1")]);

describe.each(storageKinds)("review cards of questions taken out of the packs, on %s", (kind) => {
  let database: TestDatabase;
  let store: ReviewStorage;
  let member: number;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [packA(["a1", "a2"]), packB]);
    store = drizzleReviewStorage(database.db);
    member = await store.members.userIdOf({ platform: "console", id: "ada", displayName: "Ada" });
    // Forgotten at once: every card is due again a few minutes later, long before `later`.
    for (const questionId of ["a1", "a2", "b1"]) {
      await store.cards.grade({
        userId: member,
        questionId,
        grade: AGAIN,
        at: t0,
        source: "review",
        platform: "console",
        workspaceId: "ws",
      });
    }
  });
  afterEach(async () => {
    await database.close();
  });

  const dueIds = async () =>
    (await store.cards.dueCards(member, later, 20)).map((card) => card.questionId).sort();

  it("GIVEN a question removed from its pack THEN its card is no longer due, counted, forecast or shown", async () => {
    expect(await dueIds()).toEqual(["a1", "a2", "b1"]);
    const report = await syncPacks(database.db, [packA(["a1"]), packB]);
    expect(report.retired).toBe(1);
    expect(await dueIds()).toEqual(["a1", "b1"]);
    expect(await store.cards.countDue(member, later)).toBe(2);
    const stats = await store.stats.stats(member, "UTC", later, later, t0);
    expect(stats.dueByDay.reduce((sum, day) => sum + day.count, 0)).toBe(2);
    expect(await store.questions.question("a2")).toBeUndefined();
    expect(await store.questions.question("a1")).toBeDefined();
  });

  it("GIVEN a whole pack taken out of the packs folder THEN its questions are retired with their cards", async () => {
    const report = await syncPacks(database.db, [packA(["a1", "a2"])]);
    expect(report.retired).toBe(1);
    expect(await dueIds()).toEqual(["a1", "a2"]);
    expect(await store.questions.question("b1")).toBeUndefined();
  });

  it("GIVEN a retired question put back THEN its card returns with its schedule kept", async () => {
    const before = await store.cards.card(member, "a2");
    await syncPacks(database.db, [packA(["a1"]), packB]);
    await syncPacks(database.db, [packA(["a1", "a2"]), packB]);
    expect(await dueIds()).toEqual(["a1", "a2", "b1"]);
    expect(await store.cards.card(member, "a2")).toEqual(before);
    expect(await store.cards.nextDue(member)).toEqual(before?.due);
  });

  it("GIVEN only retired cards left THEN nothing is due and there is no next due date", async () => {
    await syncPacks(database.db, [otherPack([choiceQuestion("b2")])]);
    expect(await dueIds()).toEqual([]);
    expect(await store.cards.countDue(member, later)).toBe(0);
    expect(await store.cards.nextDue(member)).toBeUndefined();
  });
});
