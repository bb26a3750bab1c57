import { integer, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { platform } from "./common.js";
import { questions } from "./questions.js";

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
