import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant, platform, ref } from "./common.js";
import { users } from "./users.js";

/**
 * A study group that has a leaderboard: a whole server/workspace (`workspace`), one channel (`channel`),
 * or a named group of members (`named`) spanning channels of one server/workspace.
 * `scopeKey` makes the natural key unique without NULLs: "" for a workspace, the channel id for a
 * channel, the lower-cased name for a named group.
 */
export const studyGroups = pgTable(
  "study_groups",
  {
    id: id(),
    platform: platform(),
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", { enum: ["workspace", "channel", "named"] }).notNull(),
    scopeKey: text("scope_key").notNull(),
    name: text("name").notNull(),
    ownerUserId: ref("owner_user_id").references(() => users.id),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Whether members of this group earn and use streak freezes. */
    streakFreezes: boolean("streak_freezes").notNull().default(true),
    createdAt: createdAt(),
    removedAt: instant("removed_at"),
  },
  (table) => [
    uniqueIndex("study_groups_natural_key").on(table.platform, table.workspaceId, table.kind, table.scopeKey),
  ],
);

export const groupMembers = pgTable(
  "group_members",
  {
    groupId: ref("group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index("group_members_user").on(table.userId),
  ],
);

/** Per-channel overrides set with `/quiz config`. */
export const channelSettings = pgTable(
  "channel_settings",
  {
    platform: platform(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    questionSeconds: integer("question_seconds"),
    mode: text("mode", { enum: ["everyone", "first_correct"] }),
    timeZone: text("time_zone"),
    updatedAt: instant("updated_at").notNull().default(sql`now()`),
  },
  (table) => [primaryKey({ columns: [table.platform, table.workspaceId, table.channelId] })],
);
