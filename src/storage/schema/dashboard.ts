import { bigint, doublePrecision, integer, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { platform, ref } from "./common.js";
import { studyGroups } from "./groups.js";
import { questions } from "./questions.js";
import { users } from "./users.js";

/**
 * How each question was answered on each server/workspace, kept by an answer hook in the answers' own
 * transaction (src/storage/dashboard/question-figures-hook.ts) so the dashboard's question pages never
 * read the answers table. One row per option picked (pack index; -1 for typed, several-choice and code
 * answers) and 250 ms time bucket (the last, 239, holds a minute and more): counts, the option split and
 * a median time to a quarter second come from a few hundred rows per question.
 */
export const questionAnswerFigures = pgTable(
  "question_answer_figures",
  {
    platform: platform(),
    workspaceId: text("workspace_id").notNull(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    option: smallint("option").notNull(),
    timeBucket: smallint("time_bucket").notNull(),
    answers: integer("answers").notNull().default(0),
    correct: integer("correct").notNull().default(0),
  },
  (table) => [
    primaryKey({
      columns: [table.platform, table.workspaceId, table.questionId, table.option, table.timeBucket],
    }),
  ],
);

/**
 * A group's board summed per period (the same "all", ISO week and month keys as `score_aggregates`):
 * members on it, their answers, correct answers and points. Kept in the statement that adds answers to
 * `score_aggregates` (src/storage/leaderboards/answer-hook.ts), from the rows that statement wrote: a
 * member counts once, when their row for the period is created. Only freshly stored answers reach that
 * statement, so a delivery stored twice is counted once. The server page reads a few rows of it per group
 * instead of summing every member's weeks.
 */
export const groupPeriodFigures = pgTable(
  "group_period_figures",
  {
    groupId: ref("group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    members: integer("members").notNull().default(0),
    answered: bigint("answered", { mode: "number" }).notNull().default(0),
    correct: bigint("correct", { mode: "number" }).notNull().default(0),
    points: bigint("points", { mode: "number" }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.periodKey] })],
);

/**
 * The tags page's mastery, kept so that a request reads a few rows per tag rather than every card. A
 * counted card (seen at least once) of a member on a server's all-time board adds, for each tag of its
 * question, to one bucket of that server's tag: FSRS-6's recall now is R = (1 + f t / S)^-d, which with
 * K = (S / f)^d and the card's "origin" o = L - S / f (L its last review) is K (now - o)^-d; a bucket
 * holds the cards of one decay (in steps of 0.0002, of which the default 0.1542 is 771) and stability
 * class (a power of two) whose origins lie within half that class's smallest stability, with their count,
 * the sum of K and the sum of K times the origin's offset in the bucket. The page evaluates each bucket at its K-weighted mean origin, which is exact to
 * first order; the rest is under 0.2 % of a card's recall. Kept by triggers (migration 0012) on every
 * table it depends on: review cards, the all-time board's rows, members' fitted parameters and questions'
 * tags, whichever code writes them, in the writing transaction.
 */
export const dashboardTagRecall = pgTable(
  "dashboard_tag_recall",
  {
    serverGroupId: ref("server_group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    decayStep: smallint("decay_step").notNull(),
    stabilityClass: smallint("stability_class").notNull(),
    originBucket: integer("origin_bucket").notNull(),
    cards: integer("cards").notNull().default(0),
    kSum: doublePrecision("k_sum").notNull().default(0),
    kOffsetSum: doublePrecision("k_offset_sum").notNull().default(0),
  },
  (table) => [
    primaryKey({
      columns: [table.serverGroupId, table.tag, table.decayStep, table.stabilityClass, table.originBucket],
    }),
  ],
);

/** Counted cards per server, tag and member: a member joins a tag's count with their first card in it. */
export const dashboardTagMembers = pgTable(
  "dashboard_tag_members",
  {
    serverGroupId: ref("server_group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cards: integer("cards").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.serverGroupId, table.tag, table.userId] })],
);

/** Per server and tag: counted cards and members with at least one of them. */
export const dashboardTagTotals = pgTable(
  "dashboard_tag_totals",
  {
    serverGroupId: ref("server_group_id")
      .notNull()
      .references(() => studyGroups.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    cards: integer("cards").notNull().default(0),
    members: integer("members").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.serverGroupId, table.tag] })],
);
