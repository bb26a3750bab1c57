import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant, platform, ref } from "./common.js";
import { questions } from "./questions.js";
import { users } from "./users.js";

/**
 * A quiz round in one channel (an interactive `/quiz start` or a daily quiz post). Its whole state lives
 * here so that any process can resume it after a restart.
 */
export const rounds = pgTable(
  "rounds",
  {
    id: id(),
    platform: platform(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    kind: text("kind", { enum: ["round", "daily"] })
      .notNull()
      .default("round"),
    status: text("status", { enum: ["open", "finished", "stopped"] })
      .notNull()
      .default("open"),
    mode: text("mode", { enum: ["everyone", "first_correct"] }).notNull(),
    startedBy: ref("started_by").references(() => users.id),
    packId: text("pack_id"),
    topic: text("topic"),
    questionCount: smallint("question_count").notNull(),
    secondsPerQuestion: integer("seconds_per_question").notNull(),
    /** Seed for the per-round option shuffle, so every process shows the same order. */
    seed: integer("seed").notNull(),
    /** Position of the question on screen now; -1 before the first one is posted. */
    currentPosition: smallint("current_position").notNull().default(-1),
    /** Consecutive closed questions nobody answered; the round stops itself at two. */
    unansweredStreak: smallint("unanswered_streak").notNull().default(0),
    stopReason: text("stop_reason"),
    createdAt: createdAt(),
    finishedAt: instant("finished_at"),
    /** Platform reference of the summary message once posted, so it is never posted twice. */
    summaryMessage: jsonb("summary_message"),
  },
  (table) => [
    // One running round per channel, across every process sharing the database.
    uniqueIndex("rounds_one_open_per_channel")
      .on(table.platform, table.workspaceId, table.channelId)
      .where(sql`${table.status} = 'open' and ${table.kind} = 'round'`),
    index("rounds_open").on(table.status),
    // The dashboard's latest daily quizzes of a server.
    index("rounds_workspace_kind").on(table.platform, table.workspaceId, table.kind, table.createdAt),
  ],
);

export const roundQuestions = pgTable(
  "round_questions",
  {
    id: id(),
    roundId: ref("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    position: smallint("position").notNull(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    /** Option indices in the order shown (pack indices), fixed when the round is created. */
    optionOrder: smallint("option_order").array(),
    openedAt: instant("opened_at"),
    closesAt: instant("closes_at"),
    closedAt: instant("closed_at"),
    /** Platform reference of the posted question message (channel id, message id, ...). */
    message: jsonb("message"),
    revealed: boolean("revealed").notNull().default(false),
  },
  (table) => [uniqueIndex("round_questions_position").on(table.roundId, table.position)],
);

/** One answer per member per round question: the unique index is what makes double presses harmless. */
export const answers = pgTable(
  "answers",
  {
    id: id(),
    roundQuestionId: ref("round_question_id")
      .notNull()
      .references(() => roundQuestions.id, { onDelete: "cascade" }),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    response: jsonb("response").notNull(),
    correct: boolean("correct").notNull(),
    points: integer("points").notNull(),
    responseMs: integer("response_ms").notNull(),
    answeredAt: instant("answered_at").notNull(),
  },
  (table) => [
    uniqueIndex("answers_one_per_user").on(table.roundQuestionId, table.userId),
    index("answers_user_time").on(table.userId, table.answeredAt),
  ],
);
