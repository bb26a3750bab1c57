import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leaderboardFeature } from "../../src/app/leaderboards/leaderboard-feature.js";
import { createRouter } from "../../src/app/router.js";
import type { LeaderboardView } from "../../src/domain/ports/views/leaderboard.js";
import { present } from "../../src/platforms/shared/present.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { DrizzleLeaderboardStore } from "../../src/storage/leaderboards/drizzle-leaderboard-store.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { silentLogger } from "../support/silent-logger.js";
import { AnswerDriver } from "./answer-driver.js";

// The moment the bench's proof failed: an hour into an ISO week (2026-W50), when the week board is nearly
// empty and members who played on Sunday still hold a running streak.
const now = new Date("2026-12-07T01:00:00Z");
const sameInstant = new Date("2026-12-07T00:30:00Z");
const sunday = new Date("2026-12-06T20:00:00Z");
const lastWeek = new Date("2026-12-02T12:00:00Z");

const name = (prefix: string, n: number) => `${prefix}${String(n).padStart(2, "0")}`;
/** Perfect at 100 points this week; ids run the other way (p14 first appeared, so has the lowest id). */
const perfect = Array.from({ length: 14 }, (_, i) => name("p", 14 - i));
/** 100 points at 1 of 2 this week. */
const halves = ["h01", "h02"];
/** Only wrong answers this week. */
const zeros = ["z01", "z02", "z03"];

describe.each(storageKinds)("leaderboard ties on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    platform = new FakePlatform();
    const feature = leaderboardFeature({
      leaderboards: new DrizzleLeaderboardStore(database.db),
      clock: { now: () => now },
      defaultTimeZone: "UTC",
    });
    await platform.start(createRouter([feature], silentLogger()));
    const driver = await AnswerDriver.create(database.db, [
      leaderboardAnswerHook({ defaultTimeZone: "UTC" }),
    ]);
    const answer = (id: string, points: number, at: Date, correct = points > 0) =>
      driver.answer(platform.place, { id, displayName: id.toUpperCase() }, { correct, points, at });
    // A member's internal id (the last tie-break) comes with their first answer: last week, in this order.
    for (const id of perfect) await answer(id, 0, lastWeek);
    for (const id of perfect) await answer(id, 100, sameInstant);
    for (const id of halves) {
      await answer(id, 100, sameInstant);
      await answer(id, 0, sameInstant);
    }
    for (const id of zeros) await answer(id, 0, sameInstant);
    await answer("sun", 100, sunday);
  });

  afterEach(async () => {
    await database.close();
  });

  const boardOf = async (id: string, period: "week" | "all"): Promise<LeaderboardView> => {
    await platform.command(platform.member(id, { displayName: id.toUpperCase() }), "leaderboard", undefined, {
      period,
    });
    const board = platform.views("leaderboard", "private").at(-1);
    if (!board) throw new Error("no leaderboard was shown");
    return board;
  };
  /** Each member's rank as they see it: their row in the top 10, else their own line. */
  const rankSeenBy = async (id: string, period: "week" | "all") => {
    const board = await boardOf(id, period);
    const listed = board.top.find((line) => line.isCaller);
    return listed ? listed.rank : board.caller?.rank;
  };

  it("GIVEN members tied on points, accuracy and the instant they scored THEN the lower user id ranks first, in the top 10 and in every caller's own rank", async () => {
    const order = [...perfect, ...halves, ...zeros];

    const board = await boardOf("z03", "week");
    expect(board.periodKey).toBe("2026-W50");
    expect(board.top.map((line) => line.displayName)).toEqual(
      order.slice(0, 10).map((id) => id.toUpperCase()),
    );
    for (const [index, id] of order.entries()) {
      expect({ id, rank: await rankSeenBy(id, "week") }).toEqual({ id, rank: index + 1 });
    }
  });

  it("GIVEN the all-time board THEN the better accuracy ranks first and members level on points, accuracy and instant go by user id", async () => {
    // All time, last week's wrong answers put p01..p14 at 100 points and 1 of 2, like h01 and h02, all
    // scored at the same instant; sun has 100 at 1 of 1, scored earlier.
    const order = ["sun", ...perfect, ...halves, ...zeros];

    for (const [index, id] of order.entries()) {
      expect({ id, rank: await rankSeenBy(id, "all") }).toEqual({ id, rank: index + 1 });
    }
  });

  it("GIVEN a member who played on Sunday and not yet this week THEN the week board shows their streak unranked, saying they have no answers this week", async () => {
    const board = await boardOf("sun", "week");

    expect(board.top).toHaveLength(10);
    expect(board.caller).toMatchObject({ rank: null, points: 0, answered: 0, streak: 1 });
    const words = JSON.stringify(present(board, fullCapabilities).blocks);
    expect(words).toContain("You are not ranked: no answers this week");
    expect(words).not.toContain("no running streak");
  });
});
