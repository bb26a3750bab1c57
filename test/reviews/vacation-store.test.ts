import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { returnFromVacation } from "../../src/app/reviews/vacation-return.js";
import type { ReviewStorage } from "../../src/domain/ports/review-store.js";
import { GOOD } from "../../src/domain/reviews/grading.js";
import { defaultReviewSettings } from "../../src/domain/reviews/review-settings.js";
import { localDay } from "../../src/domain/time/local-time.js";
import { type Database, openPostgres } from "../../src/storage/database.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { DrizzleParameterStore } from "../../src/storage/reviews/drizzle-parameter-store.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const zone = "Europe/Berlin";
// Monday 7 December 2026, 10:00 in Berlin: the member left on the Wednesday before (5 local days).
const now = new Date("2026-12-07T09:00:00Z");
const left = new Date("2026-12-02T09:00:00Z");
const day = 86_400_000;
const ids = Array.from({ length: 12 }, (_, i) => `q${String(i).padStart(2, "0")}`);

describe.each(storageKinds)("vacation mode's storage on %s", (kind) => {
  let database: TestDatabase;
  let second: Database | undefined;
  let store: ReviewStorage;
  let userId: number;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    second = database.url ? await openPostgres({ url: database.url, poolSize: 5 }) : undefined;
    await syncPacks(database.db, [testPack(ids.map((id) => choiceQuestion(id)))]);
    store = drizzleReviewStorage(database.db);
    userId = await store.members.userIdOf({ platform: "console", id: "ada", displayName: "Ada" });
    await store.settings.saveSettings(userId, { ...defaultReviewSettings, timeZone: zone });
    // Twelve cards first graded a month ago and due again while she was away.
    for (const questionId of ids) {
      await store.cards.grade({
        userId,
        questionId,
        grade: GOOD,
        at: new Date(now.getTime() - 30 * day),
        source: "review",
        platform: "console",
        workspaceId: "ws",
      });
    }
    expect(await store.cards.countDue(userId, now)).toBe(12);
  });
  afterEach(async () => {
    await second?.close();
    await database.close();
  });

  const parameters = () => new DrizzleParameterStore(database.db);

  it("GIVEN a member goes away THEN the vacation reads back with the settings, and saving other settings keeps it", async () => {
    const until = new Date("2026-12-06T23:00:00Z");
    await store.vacation.goAway(userId, { since: left, until });
    expect((await store.settings.settings(userId)).vacation).toEqual({ since: left, until });
    const settings = await store.settings.settings(userId);
    await store.settings.saveSettings(userId, { ...settings, newCardsPerDay: 3, vacation: null });
    expect(await store.settings.settings(userId)).toMatchObject({
      newCardsPerDay: 3,
      vacation: { since: left, until },
    });
    // A vacation with no end is never "returning"; one whose day back has begun is.
    expect(await store.vacation.returning(new Date("2026-12-06T22:59:00Z"))).toEqual([]);
    expect(await store.vacation.returning(now)).toEqual([userId]);
    await store.vacation.goAway(userId, { since: left, until: null });
    expect(await store.vacation.returning(now)).toEqual([]);
  });

  it("GIVEN 12 cards waited over 5 days away THEN the return spreads them over 5 days in her zone, ends the vacation, and a second return moves nothing", async () => {
    await store.vacation.goAway(userId, { since: left, until: new Date("2026-12-06T23:00:00Z") });
    const back = await returnFromVacation(store, parameters(), userId, now);
    expect(back).toEqual({ cards: 12, perDay: [3, 3, 2, 2, 2] });
    expect((await store.settings.settings(userId)).vacation).toBeNull();
    expect(await store.cards.countDue(userId, now)).toBe(3);
    const perDay = new Map<string, number>();
    for (const card of await store.cards.cards(userId)) {
      // Today's share keeps the due it had (long past); the rest fall due at the start of their day.
      const date = card.due <= now ? "today" : localDay(card.due, zone);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    expect(Object.fromEntries(perDay)).toEqual({
      today: 3,
      "2026-12-08": 3,
      "2026-12-09": 2,
      "2026-12-10": 2,
      "2026-12-11": 2,
    });
    expect(await returnFromVacation(store, parameters(), userId, now)).toBeUndefined();
    expect(await store.cards.countDue(userId, now)).toBe(3);
  });

  it("GIVEN two processes bring her back in the same moment THEN one spreads the backlog and the other does nothing", async () => {
    await store.vacation.goAway(userId, { since: left, until: new Date("2026-12-06T23:00:00Z") });
    const other = drizzleReviewStorage(second?.db ?? database.db);
    const results = await Promise.all([
      returnFromVacation(store, parameters(), userId, now),
      returnFromVacation(other, new DrizzleParameterStore(second?.db ?? database.db), userId, now),
    ]);
    expect(results.filter((result) => result !== undefined)).toEqual([
      { cards: 12, perDay: [3, 3, 2, 2, 2] },
    ]);
    expect(await store.cards.countDue(userId, now)).toBe(3);
    expect(await store.cards.countDue(userId, new Date(now.getTime() + 5 * day))).toBe(12);
  });
});
