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

  /**
   * A member's card graded Good until its interval is 10 days or more, then `perDay` other cards put on
   * every day of the next grading's fuzz range but one (`free`, a day fuzz did not draw); then that grading.
   */
  async function gradeBesideBusyDays(perDay: number, easyFree: boolean) {
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
    if (easyFree) {
      const weekday = new Date(at.getTime() + free * dayMs).getUTCDay();
      await store.settings.saveSettings(userId, { ...defaultReviewSettings, lightWeekdays: [weekday] });
    }
    const rows = [];
    let filler = 0;
    for (let days = window.minDays; days <= window.maxDays; days += 1) {
      if (days === free) continue;
      for (let i = 0; i < perDay; i += 1) {
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
    expect((await store.cards.card(userId, "q1"))?.due.getTime()).toBe(balanced.due.getTime());
    return { balanced, at, free, drawn: alone.card.scheduledDays };
  }

  it("GIVEN every day of a card's fuzz range busy but one THEN grading places the card on that day, inside the range", async () => {
    const { balanced, at, free } = await gradeBesideBusyDays(3, false);
    expect(balanced.scheduledDays).toBe(free);
    expect(balanced.due.getTime()).toBe(at.getTime() + free * dayMs);
  });

  it("GIVEN the one free day of the range is an easy day THEN a light load elsewhere weighs the same and the card keeps the day fuzz drew", async () => {
    // One card on every other day: (1 + 1) / 1 there, (0 + 1) / 0.5 on the easy day: equal, so no move.
    const { balanced, drawn } = await gradeBesideBusyDays(1, true);
    expect(balanced.scheduledDays).toBe(drawn);
  });
});
