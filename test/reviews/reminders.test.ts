import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReviewReminders } from "../../src/app/reviews/reminders.js";
import { AGAIN, EASY } from "../../src/domain/reviews/grading.js";
import { applySettings, defaultReviewSettings } from "../../src/domain/reviews/review-settings.js";
import { type Database, openPostgres } from "../../src/storage/database.js";
import { DrizzleJobClaims } from "../../src/storage/jobs/drizzle-job-claims.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { DrizzleParameterStore } from "../../src/storage/reviews/drizzle-parameter-store.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { FakeJobClock } from "../jobs/fake-job-clock.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

// 09:00 in Berlin on a winter day is 08:00 UTC.
const nineInBerlin = new Date("2026-01-12T08:00:00Z");
const minute = 60_000;
const day = 86_400_000;

describe.each(storageKinds)("review reminders on %s", (kind) => {
  let database: TestDatabase;
  let second: Database | undefined;
  let platform: FakePlatform;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    // A second bot process: its own connection pool on Postgres; PGlite is one in-process database.
    second = database.url ? await openPostgres({ url: database.url, poolSize: 5 }) : undefined;
    await syncPacks(database.db, [
      testPack([choiceQuestion("q1"), choiceQuestion("q2"), choiceQuestion("q3")]),
    ]);
    platform = new FakePlatform();
  });
  afterEach(async () => {
    await second?.close();
    await database.close();
  });

  function processOn(db: Database["db"], name: string) {
    const clock = new FakeJobClock();
    const reminders = new ReviewReminders({
      store: drizzleReviewStorage(db),
      parameters: new DrizzleParameterStore(db),
      claims: new DrizzleJobClaims(db),
      jobClock: clock,
      platforms: [platform],
      claimant: name,
      logger: silentLogger(),
    });
    reminders.start();
    return clock;
  }

  async function member(id: string, options: { due: number; reminder: string }): Promise<number> {
    const store = drizzleReviewStorage(database.db);
    const userId = await store.members.userIdOf({ platform: "console", id, displayName: id });
    const settings = applySettings(defaultReviewSettings, {
      timeZone: "Europe/Berlin",
      reminder: options.reminder,
    });
    if (!settings.ok) throw new Error("bad settings");
    await store.settings.saveSettings(userId, settings.value);
    // Cards graded two days earlier: Again comes back within minutes (due by 09:00), Easy not for a week or more.
    for (const [index, questionId] of ["q1", "q2", "q3"].entries()) {
      await store.cards.grade({
        userId,
        questionId,
        grade: index < options.due ? AGAIN : EASY,
        at: new Date(nineInBerlin.getTime() - 2 * day),
        source: "review",
        platform: "console",
        workspaceId: "ws",
      });
    }
    return userId;
  }

  const dms = () => platform.sent.filter((sent) => sent.via === "direct");

  it("GIVEN cards due and a 09:00 Berlin reminder THEN it fires once at that local time, with an estimate and a start button", async () => {
    await member("alice", { due: 2, reminder: "09:00" });
    const clock = processOn(database.db, "one");
    await clock.fire(new Date(nineInBerlin.getTime() - minute));
    expect(dms()).toHaveLength(0);
    await clock.fire(nineInBerlin);
    await clock.fire(nineInBerlin);
    await clock.fire(new Date(nineInBerlin.getTime() + minute));
    expect(dms()).toHaveLength(1);
    expect(dms()[0]).toMatchObject({
      to: "alice",
      view: { kind: "review_reminder", due: 2, minutes: 1, startActionId: "rv:start" },
    });
    // The next local day is a new day.
    await clock.fire(new Date(nineInBerlin.getTime() + day));
    expect(dms()).toHaveLength(2);
  });

  it("GIVEN a member with nothing due THEN no reminder is sent", async () => {
    await member("bob", { due: 0, reminder: "09:00" });
    const clock = processOn(database.db, "one");
    await clock.fire(nineInBerlin);
    expect(dms()).toHaveLength(0);
  });

  it("GIVEN reminders turned off THEN no reminder is sent", async () => {
    await member("carol", { due: 1, reminder: "off" });
    const clock = processOn(database.db, "one");
    await clock.fire(nineInBerlin);
    expect(dms()).toHaveLength(0);
  });

  it("GIVEN a member on vacation THEN no reminder comes while away; on the day back the backlog is spread first and the reminder counts today's share", async () => {
    const userId = await member("erin", { due: 3, reminder: "09:00" });
    const store = drizzleReviewStorage(database.db);
    // Away from two days before until the start of today, Berlin time: two days to spread over.
    const today = new Date("2026-01-11T23:00:00Z");
    await store.vacation.goAway(userId, { since: new Date(nineInBerlin.getTime() - 2 * day), until: today });
    const clock = processOn(database.db, "one");
    await clock.fire(new Date(nineInBerlin.getTime() - day));
    expect(dms()).toHaveLength(0);
    await clock.fire(nineInBerlin);
    expect((await store.settings.settings(userId)).vacation).toBeNull();
    expect(await store.cards.countDue(userId, nineInBerlin)).toBe(2);
    expect(dms()).toEqual([
      expect.objectContaining({
        to: "erin",
        view: expect.objectContaining({ kind: "review_reminder", due: 2 }),
      }),
    ]);
  });

  it("GIVEN a vacation with no end THEN no reminder comes, however long", async () => {
    const userId = await member("frank", { due: 2, reminder: "09:00" });
    await drizzleReviewStorage(database.db).vacation.goAway(userId, { since: nineInBerlin, until: null });
    const clock = processOn(database.db, "one");
    await clock.fire(new Date(nineInBerlin.getTime() + day));
    await clock.fire(new Date(nineInBerlin.getTime() + 30 * day));
    expect(dms()).toHaveLength(0);
  });

  it("GIVEN two scheduler processes on one database firing the same minute THEN each member gets one message", async () => {
    await member("alice", { due: 1, reminder: "09:00" });
    await member("dave", { due: 3, reminder: "09:00" });
    const one = processOn(database.db, "one");
    const two = processOn(second?.db ?? database.db, "two");
    await Promise.all([one.fire(nineInBerlin), two.fire(nineInBerlin)]);
    expect(
      dms()
        .map((sent) => sent.to)
        .sort(),
    ).toEqual(["alice", "dave"]);
  });
});
