import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReviewStorage } from "../../src/domain/ports/review-store.js";
import { GOOD } from "../../src/domain/reviews/grading.js";
import { defaultReviewSettings } from "../../src/domain/reviews/review-settings.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const t0 = new Date("2026-03-02T10:00:00Z");

describe.each(storageKinds)("the review store on %s", (kind) => {
  let database: TestDatabase;
  let store: ReviewStorage;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [testPack([choiceQuestion("q1")])]);
    store = drizzleReviewStorage(database.db);
  });
  afterEach(async () => {
    await database.close();
  });

  it("GIVEN two members with different desired retention and the same answers THEN the stricter one sees the card sooner", async () => {
    const relaxed = await store.members.userIdOf({ platform: "console", id: "relaxed", displayName: "R" });
    const strict = await store.members.userIdOf({ platform: "console", id: "strict", displayName: "S" });
    await store.settings.saveSettings(relaxed, { ...defaultReviewSettings, desiredRetention: 0.7 });
    await store.settings.saveSettings(strict, { ...defaultReviewSettings, desiredRetention: 0.97 });
    const dues: Record<number, Date> = {};
    for (const userId of [relaxed, strict]) {
      let at = t0;
      for (let i = 0; i < 4; i += 1) {
        const card = await store.cards.grade({
          userId,
          questionId: "q1",
          grade: GOOD,
          at,
          source: "review",
          platform: "console",
          workspaceId: "ws",
        });
        dues[userId] = card.due;
        at = card.due;
      }
    }
    expect(dues[strict]?.getTime()).toBeLessThan(dues[relaxed]?.getTime() ?? 0);
    expect((await store.cards.card(strict, "q1"))?.reps).toBe(4);
  });
});
