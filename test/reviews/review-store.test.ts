import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReviewStorage } from "../../src/domain/ports/review-store.js";
import { GOOD } from "../../src/domain/reviews/grading.js";
import { gradeCard } from "../../src/domain/reviews/review-card.js";
import { defaultReviewSettings } from "../../src/domain/reviews/review-settings.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { reviewCards } from "../../src/storage/schema/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const t0 = new Date("2026-03-02T10:00:00Z");
const dayMs = 86_400_000;
const fillers = Array.from({ length: 40 }, (_, i) => `f${i}`);

describe.each(storageKinds)("the review store on %s", (kind) => {
  let database: TestDatabase;
  let store: ReviewStorage;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [
      testPack([choiceQuestion("q1"), ...fillers.map((id) => choiceQuestion(id))]),
    ]);
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

  it("GIVEN every day of a card's fuzz range busy but one THEN grading places the card on that day, inside the range", async () => {
    const userId = await store.members.userIdOf({ platform: "console", id: "balanced", displayName: "B" });
    const grade = (at: Date) =>
      store.cards.grade({
        userId,
        questionId: "q1",
        grade: GOOD,
        at,
        source: "review",
        platform: "console",
        workspaceId: "ws",
      });
    let card = await grade(t0);
    while (card.state !== 2 || card.scheduledDays < 10) card = await grade(card.due);
    const at = card.due;
    // What FSRS alone would do with the next Good: the day fuzz draws and the window it draws from.
    const alone = gradeCard(card, GOOD, at, defaultReviewSettings.desiredRetention);
    const window = alone.window;
    if (!window) throw new Error("a long interval has a fuzz window");
    expect(window.maxDays).toBeGreaterThan(window.minDays);
    const free = alone.card.scheduledDays === window.minDays ? window.maxDays : window.minDays;
    // Three other cards due on every day of the window but `free`.
    const rows = [];
    let filler = 0;
    for (let days = window.minDays; days <= window.maxDays; days += 1) {
      if (days === free) continue;
      for (let i = 0; i < 3; i += 1) {
        rows.push({
          userId,
          questionId: fillers[filler++] ?? "",
          due: new Date(at.getTime() + days * dayMs),
          stability: 10,
          difficulty: 5,
          elapsedDays: 0,
          scheduledDays: days,
          learningSteps: 0,
          reps: 3,
          lapses: 0,
          state: 2,
          lastReview: at,
        });
      }
    }
    await database.db.insert(reviewCards).values(rows);
    const balanced = await grade(at);
    expect(balanced.scheduledDays).toBe(free);
    expect(balanced.due.getTime()).toBe(at.getTime() + free * dayMs);
    expect((await store.cards.card(userId, "q1"))?.due.getTime()).toBe(balanced.due.getTime());
  });
});
