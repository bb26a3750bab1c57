import { boolean, integer, jsonb, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant, platform, ref } from "./common.js";
import { rounds } from "./rounds.js";
import { users } from "./users.js";

/** A daily quiz: a channel gets questions at the times a cron expression names, in a time zone. */
export const dailySchedules = pgTable("daily_schedules", {
  id: id(),
  platform: platform(),
  workspaceId: text("workspace_id").notNull(),
  channelId: text("channel_id").notNull(),
  cron: text("cron").notNull(),
  /** The `when` as the admin typed it, for `/quiz schedule list`. */
  description: text("description").notNull(),
  timeZone: text("time_zone").notNull(),
  packId: text("pack_id"),
  questionCount: smallint("question_count").notNull().default(1),
  /** Minutes before the next slot at which answers close. */
  closeBeforeNextMinutes: integer("close_before_next_minutes").notNull().default(60),
  createdBy: ref("created_by").references(() => users.id),
  paused: boolean("paused").notNull().default(false),
  createdAt: createdAt(),
  removedAt: instant("removed_at"),
});

/**
 * One row per executed slot: inserting the (schedule, slot) key is how exactly one process wins the
 * right to post, and `message` records the post so a retry never posts twice.
 */
export const scheduleSlots = pgTable(
  "schedule_slots",
  {
    scheduleId: ref("schedule_id")
      .notNull()
      .references(() => dailySchedules.id, { onDelete: "cascade" }),
    slotAt: instant("slot_at").notNull(),
    claimedBy: text("claimed_by").notNull(),
    claimedAt: createdAt(),
    status: text("status", { enum: ["claimed", "posted", "closed", "skipped"] })
      .notNull()
      .default("claimed"),
    roundId: ref("round_id").references(() => rounds.id),
    message: jsonb("message"),
    closesAt: instant("closes_at"),
  },
  (table) => [primaryKey({ columns: [table.scheduleId, table.slotAt] })],
);

/** Generic exactly-once claims for timed jobs (e.g. `reminder:<user>:<local date>`). */
export const jobClaims = pgTable("job_claims", {
  key: text("key").primaryKey(),
  claimedBy: text("claimed_by").notNull(),
  claimedAt: createdAt(),
});
