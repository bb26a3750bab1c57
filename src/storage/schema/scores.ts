import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, ref } from "./common.js";
import { studyGroups } from "./groups.js";
import { users } from "./users.js";

/**
 * Incremental leaderboard figures per group, member and period, updated in the same transaction as the
 * answer they count. `periodKey` is "all", an ISO week ("2026-W47") or a month ("2026-11") in the
 * group's time zone. `reachedAt` is when the member reached the current points (a tie-break).
 */
export const scoreAggregates = pgTable(
  "score_aggregates",
  {
    groupId: ref("group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    points: integer("points").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    correct: integer("correct").notNull().default(0),
    reachedAt: instant("reached_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.periodKey, table.userId] }),
    // The leaderboard reads the top 10 from the front of one of these and counts the caller's rank as the
    // index entries ahead of them (src/storage/leaderboards/ranking-sql.ts); one per rankable figure.
    index("score_aggregates_ranking").on(table.groupId, table.periodKey, table.points, table.reachedAt),
    index("score_aggregates_answered").on(table.groupId, table.periodKey, table.answered),
    // Same expression as the accuracy board's ORDER BY; a row always has answered >= 1.
    index("score_aggregates_accuracy").on(
      table.groupId,
      table.periodKey,
      sql`(${table.correct}::float8 / ${table.answered})`,
    ),
    // The boards a member is on: the dashboard's tag figures find a card's servers by it.
    index("score_aggregates_member_boards")
      .on(table.userId, table.groupId)
      .where(sql`${table.periodKey} = 'all'`),
  ],
);

/**
 * Consecutive local days (group time zone) with at least one correct answer. `previous_length` and
 * `previous_last_day` describe the run before the current one (0 and null when none is known), so that a
 * day stored late can join the two (see src/domain/leaderboards/streak.ts).
 */
export const streaks = pgTable(
  "streaks",
  {
    groupId: ref("group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    current: integer("current").notNull().default(0),
    longest: integer("longest").notNull().default(0),
    lastDay: date("last_day", { mode: "string" }).notNull(),
    previousLength: integer("previous_length").notNull().default(0),
    previousLastDay: date("previous_last_day", { mode: "string" }),
    /** Streak freezes held (earned one per 7 days in a row, at most 2), each covering one missed day. */
    freezes: integer("freezes").notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index("streaks_user").on(table.userId),
    index("streaks_ranking").on(table.groupId, table.current),
  ],
);
