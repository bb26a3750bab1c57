import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { createTestDatabase, storageKinds } from "../support/database.js";
import { dayMs, replayAndCompare } from "./replay.js";

// Each storage kind replays into its own database, so they run side by side (see replay-dense.test.ts).
it.concurrent.each(storageKinds)(
  "leaderboard figures on %s GIVEN sparser answers over seven weeks, with missed days THEN streaks, freezes earned and freezes spent equal a recount",
  async (kind) => {
    const database = await createTestDatabase(kind);
    try {
      await replayAndCompare(database, 1_200, 50 * dayMs, 20261206);
      const figures = await selectRows<{ held: number; bridged: number; off: number }>(
        database.db,
        sql`select (select count(*)::int from streaks where freezes > 0) as held,
                   (select count(*)::int from streaks s where s.current > 1 and exists (
                      select 1 from generate_series(0, s.current - 1) k
                       where not exists (select 1 from answers a where a.user_id = s.user_id and a.correct
                                            and (a.answered_at at time zone 'UTC')::date = s.last_day - k::int)
                   )) as bridged,
                   (select count(*)::int from streaks s join study_groups g on g.id = s.group_id
                     where g.streak_freezes = false and s.freezes > 0) as off`,
      );
      // The data must exercise freezes: some held, and (roughly, by UTC days) some streaks across missed days.
      expect(figures[0]?.held ?? 0).toBeGreaterThan(0);
      expect(figures[0]?.bridged ?? 0).toBeGreaterThan(0);
      expect(figures[0]?.off).toBe(0);
    } finally {
      await database.close();
    }
  },
  600_000,
);
