import { doublePrecision, index, integer, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant, platform, ref } from "./common.js";
import { questions } from "./questions.js";
import { users } from "./users.js";

/** The full FSRS card state (ts-fsrs `Card`) of one member for one question. */
export const reviewCards = pgTable(
  "review_cards",
  {
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    due: instant("due").notNull(),
    stability: doublePrecision("stability").notNull(),
    difficulty: doublePrecision("difficulty").notNull(),
    elapsedDays: integer("elapsed_days").notNull(),
    scheduledDays: integer("scheduled_days").notNull(),
    learningSteps: integer("learning_steps").notNull(),
    reps: integer("reps").notNull(),
    lapses: integer("lapses").notNull(),
    state: smallint("state").notNull(),
    lastReview: instant("last_review"),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.questionId] }),
    // The question id as a trailing key makes "next due cards of a member" an index-only scan (drizzle has
    // no INCLUDE), so the hot query of /review reads no table pages.
    index("review_cards_due").on(table.userId, table.due, table.questionId),
  ],
);

/** Every grading ever made, so FSRS parameters can be re-fitted and history is never lost. */
export const reviewLogs = pgTable(
  "review_logs",
  {
    id: id(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    rating: smallint("rating").notNull(),
    /** Card state before this grading. */
    state: smallint("state").notNull(),
    due: instant("due").notNull(),
    stability: doublePrecision("stability").notNull(),
    difficulty: doublePrecision("difficulty").notNull(),
    elapsedDays: integer("elapsed_days").notNull(),
    lastElapsedDays: integer("last_elapsed_days").notNull(),
    scheduledDays: integer("scheduled_days").notNull(),
    learningSteps: integer("learning_steps").notNull(),
    reviewedAt: instant("reviewed_at").notNull(),
    source: text("source", { enum: ["round", "daily", "review"] }).notNull(),
    answerId: ref("answer_id"),
  },
  (table) => [index("review_logs_user_time").on(table.userId, table.reviewedAt)],
);

/** A member's personal `/review` session, resumable after a pause or a restart. */
export const reviewSessions = pgTable(
  "review_sessions",
  {
    id: id(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    platform: platform(),
    status: text("status", { enum: ["active", "paused", "finished"] })
      .notNull()
      .default("active"),
    questionIds: text("question_ids").array().notNull(),
    /** The first `due_count` questions were due when the session started; the rest are new cards. */
    dueCount: integer("due_count").notNull().default(0),
    position: integer("position").notNull().default(0),
    startedAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (table) => [index("review_sessions_user").on(table.userId, table.status)],
);
