import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { createTestDatabase, storageKinds } from "../support/database.js";
import { dayMs, replayAndCompare } from "./replay.js";

// Each storage kind replays into its own database, so they run side by side: PGlite's answer path is
// CPU in this worker, PostgreSQL's mostly waits on the server's processes.
it.concurrent.each(storageKinds)(
  "leaderboard figures on %s GIVEN 5,000 random answers through the real answer path THEN the incremental figures and streaks equal a recount from the answers",
  async (kind) => {
    const database = await createTestDatabase(kind);
    try {
      await replayAndCompare(database, 5_000, 24 * dayMs, 20261122);
      const longest = await selectRows<{ longest: number }>(
        database.db,
        sql`select max(longest)::int as longest from streaks`,
      );
      // The data must exercise real streaks, not only 1-day ones.
      expect(longest[0]?.longest ?? 0).toBeGreaterThan(5);
    } finally {
      await database.close();
    }
  },
  600_000,
);
