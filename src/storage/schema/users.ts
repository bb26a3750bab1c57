import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  smallint,
  text,
  time,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, id, instant, platform, ref } from "./common.js";

/** A member on one platform. The same person on Discord and Slack is two users. */
export const users = pgTable(
  "users",
  {
    id: id(),
    platform: platform(),
    platformUserId: text("platform_user_id").notNull(),
    displayName: text("display_name").notNull(),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (table) => [uniqueIndex("users_platform_identity").on(table.platform, table.platformUserId)],
);

/** Per-member review preferences (`/review settings`). Absent row: defaults. */
export const userSettings = pgTable("user_settings", {
  userId: ref("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  desiredRetention: doublePrecision("desired_retention").notNull().default(0.9),
  newCardsPerDay: integer("new_cards_per_day").notNull().default(10),
  timeZone: text("time_zone"),
  reminderTime: time("reminder_time"),
  remindersEnabled: boolean("reminders_enabled").notNull().default(false),
  /** Cards on the tags of the review's findings are added to the member's reviews when their code is run. */
  snippetCards: boolean("snippet_cards").notNull().default(true),
  /** "Easy days": weekdays (0 Sunday to 6 Saturday) the load balancer gives fewer reviews. */
  lightWeekdays: smallint("light_weekdays").array().notNull().default([]),
  /** Vacation mode: when the member went away (null: not away); see `domain/reviews/vacation.ts`. */
  vacationSince: instant("vacation_since"),
  /** The start of the local day they are back; null while away with no end (or not away). */
  vacationUntil: instant("vacation_until"),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});
