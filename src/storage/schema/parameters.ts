import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, instant, ref } from "./common.js";
import { studyGroups } from "./groups.js";
import { users } from "./users.js";

/**
 * The latest FSRS fit of one member's review log, or of a study group's pooled logs: the fitted weights,
 * and how they and the defaults predicted the held-out (most recent) reviews. `accepted` is false when
 * the fit predicted worse than the defaults; such weights are kept for the record and never schedule.
 */
export const parameterFits = pgTable(
  "parameter_fits",
  {
    id: id(),
    userId: ref("user_id").references(() => users.id, { onDelete: "cascade" }),
    groupId: ref("group_id").references(() => studyGroups.id, { onDelete: "cascade" }),
    weights: doublePrecision("weights").array().notNull(),
    fittedAt: instant("fitted_at").notNull(),
    reviewCount: integer("review_count").notNull(),
    logLoss: doublePrecision("log_loss").notNull(),
    rmse: doublePrecision("rmse").notNull(),
    defaultLogLoss: doublePrecision("default_log_loss").notNull(),
    defaultRmse: doublePrecision("default_rmse").notNull(),
    accepted: boolean("accepted").notNull(),
  },
  (table) => [
    uniqueIndex("parameter_fits_user").on(table.userId),
    uniqueIndex("parameter_fits_group").on(table.groupId),
    check("parameter_fits_one_owner", sql`(${table.userId} is null) <> (${table.groupId} is null)`),
  ],
);

/**
 * The parameters that schedule a member's cards: their own fit or their group's pooled fit, with the fit
 * they come from. No row: the FSRS defaults. Read on every grading (one primary-key probe).
 */
export const memberParameters = pgTable("member_parameters", {
  userId: ref("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  source: text("source", { enum: ["member", "group"] }).notNull(),
  fitId: ref("fit_id")
    .notNull()
    .references(() => parameterFits.id, { onDelete: "cascade" }),
  weights: doublePrecision("weights").array().notNull(),
  fittedAt: instant("fitted_at").notNull(),
});
