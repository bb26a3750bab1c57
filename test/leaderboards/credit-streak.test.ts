import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import { creditStreak, leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { DrizzleGroupStore } from "../../src/storage/leaderboards/drizzle-group-store.js";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { ensureUser } from "../../src/storage/repositories/users.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { AnswerDriver } from "./answer-driver.js";

const place: Place = { platform: "slack", workspaceId: "T1", channelId: "C1" };
const ada = { platform: "slack" as const, id: "U-ada", displayName: "Ada" };

describe("streak credit for reviews", () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase("pglite");
  });

  afterEach(async () => {
    await database.close();
  });

  const streakRows = () =>
    selectRows<{ kind: string; current: number; longest: number; day: string; points: number | null }>(
      database.db,
      sql`select g.kind, s.current, s.longest, to_char(s.last_day, 'YYYY-MM-DD') as day,
                 (select sum(points)::int from score_aggregates a where a.group_id = g.id and a.period_key = 'all') as points
            from streaks s join study_groups g on g.id = s.group_id order by g.kind`,
    );

  it("GIVEN an answer yesterday and a review graded today THEN the workspace and named group streaks grow, the channel's does not, and no points are added", async () => {
    await new DrizzleGroupStore(database.db).createGroup(
      { platform: "slack", workspaceId: "T1" },
      ada,
      { name: "Owls", key: "owls" },
      "UTC",
    );
    const driver = await AnswerDriver.create(database.db, [
      leaderboardAnswerHook({ defaultTimeZone: "UTC" }),
    ]);
    await driver.answer(
      place,
      { id: ada.id, displayName: "Ada" },
      {
        correct: true,
        points: 120,
        at: new Date("2026-11-21T18:00:00Z"),
      },
    );
    await database.db.transaction(async (tx) => {
      const userId = await ensureUser(tx, ada);
      await creditStreak(tx, {
        userId,
        platform: "slack",
        workspaceId: "T1",
        at: new Date("2026-11-22T08:00:00Z"),
      });
      // A second review the same day counts once.
      await creditStreak(tx, {
        userId,
        platform: "slack",
        workspaceId: "T1",
        at: new Date("2026-11-22T09:00:00Z"),
      });
    });
    expect(await streakRows()).toEqual([
      { kind: "channel", current: 1, longest: 1, day: "2026-11-21", points: 120 },
      { kind: "named", current: 2, longest: 2, day: "2026-11-22", points: 120 },
      { kind: "workspace", current: 2, longest: 2, day: "2026-11-22", points: 120 },
    ]);
  });
});
