/**
 * The leaderboard replay shared by replay-dense.test.ts and replay-sparse.test.ts: random answers through
 * the real answer path, then the stored figures against a recount. Two files rather than one so that the
 * test run can spread them over its workers (the dense replay on PGlite alone is a minute of CPU).
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { DrizzleGroupStore } from "../../src/storage/leaderboards/drizzle-group-store.js";
import { recountedAggregates, recountedStreaks, selectRows } from "../../src/storage/leaderboards/recount.js";
import { channelSettings } from "../../src/storage/schema/index.js";
import type { TestDatabase } from "../support/database.js";
import { seededRandom } from "../support/simulated-learner.js";
import { AnswerDriver } from "./answer-driver.js";

const members = ["ada", "bob", "cyd", "dee", "eve", "fay", "gus", "hal", "ivy"];
const channels: readonly Place[] = [
  { platform: "discord", workspaceId: "guild-1", channelId: "python" },
  { platform: "discord", workspaceId: "guild-1", channelId: "asyncio" },
  { platform: "discord", workspaceId: "guild-1", channelId: "tokyo" },
  { platform: "slack", workspaceId: "T1", channelId: "C-study" },
];
// Around New Year, where ISO weeks, months and years part ways, and across the Berlin DST change.
const start = Date.parse("2026-12-20T00:00:00Z");
export const dayMs = 86_400_000;

/**
 * Random answers through the real answer path, then every group's stored figures and streaks (freezes
 * included) against the recount. "Night Owls" has streak freezes turned off.
 */
export async function replayAndCompare(
  database: TestDatabase,
  answerCount: number,
  span: number,
  seed: number,
): Promise<void> {
  const random = seededRandom(seed);
  const db = database.db;
  await db.insert(channelSettings).values([
    { platform: "discord", workspaceId: "guild-1", channelId: "tokyo", timeZone: "Asia/Tokyo" },
    { platform: "slack", workspaceId: "T1", channelId: "C-study", timeZone: "America/Los_Angeles" },
  ]);
  const groups = new DrizzleGroupStore(db);
  const guild = { platform: "discord" as const, workspaceId: "guild-1" };
  const named = [
    { name: "Night Owls", tz: "Pacific/Auckland", members: ["ada", "bob", "cyd", "dee"] },
    { name: "Early Birds", tz: "UTC", members: ["cyd", "eve", "fay"] },
  ];
  for (const group of named) {
    const [owner, ...others] = group.members;
    const who = (id: string) => ({ platform: "discord" as const, id, displayName: id });
    const created = await groups.createGroup(
      guild,
      who(owner ?? ""),
      { name: group.name, key: group.name.toLowerCase() },
      group.tz,
    );
    expect(created.ok).toBe(true);
    for (const other of others) await groups.joinGroup(guild, who(other), group.name.toLowerCase());
  }
  await db.execute(sql`update study_groups set streak_freezes = false where name = 'Night Owls'`);
  const driver = await AnswerDriver.create(db, [leaderboardAnswerHook({ defaultTimeZone: "Europe/Berlin" })]);
  const instants = Array.from({ length: answerCount }, () => start + Math.floor(random() * span)).sort(
    (a, b) => a - b,
  );
  for (const instant of instants) {
    const place = channels[Math.floor(random() * channels.length)] ?? channels[0];
    const member = members[Math.floor(random() * members.length)] ?? "ada";
    const correct = random() < 0.6;
    if (!place) throw new Error("no channel");
    await driver.answer(
      place,
      { id: member },
      {
        correct,
        // Now and then a correct answer worth nothing, which must not move the reached-at tie-break.
        points: correct && random() < 0.9 ? 10 + Math.floor(random() * 150) : 0,
        at: new Date(instant),
      },
    );
  }

  const groupIds = await selectRows<{ id: number; kind: string }>(
    db,
    sql`select id::int as id, kind from study_groups order by id`,
  );
  // 4 channel groups, 2 workspace groups, 2 named groups.
  expect(groupIds.map((group) => group.kind).sort()).toEqual([
    "channel",
    "channel",
    "channel",
    "channel",
    "named",
    "named",
    "workspace",
    "workspace",
  ]);
  const normalise = (columns: string, from: string) =>
    sql.raw(`
      select ${columns} from (${from}) as figures order by 1, 2, 3`);
  for (const group of groupIds) {
    const aggregateColumns =
      "group_id::int as g, period_key, user_id::int as u, points, answered, correct, (extract(epoch from reached_at) * 1000)::float8 as reached";
    const incremental = await selectRows(
      db,
      normalise(aggregateColumns, `select * from score_aggregates where group_id = ${group.id}`),
    );
    const recounted = await selectRows(
      db,
      sql`select ${sql.raw(aggregateColumns)} from (${recountedAggregates(group.id)}) as figures order by 1, 2, 3`,
    );
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental).toEqual(recounted);

    const streakColumns =
      "group_id::int as g, user_id::int as u, current, longest, to_char(last_day, 'YYYY-MM-DD') as day, freezes";
    const streaks = await selectRows(
      db,
      sql`select ${sql.raw(streakColumns)} from streaks where group_id = ${group.id} order by 1, 2`,
    );
    const recountedStreakRows = await selectRows(
      db,
      sql`select ${sql.raw(streakColumns)} from (${recountedStreaks(group.id)}) as figures order by 1, 2`,
    );
    expect(streaks).toEqual(recountedStreakRows);
  }
}
