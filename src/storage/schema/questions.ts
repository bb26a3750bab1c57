import { index, jsonb, pgTable, smallint, text } from "drizzle-orm/pg-core";
import { createdAt, instant } from "./common.js";

export const packs = pgTable("packs", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  description: text("description").notNull(),
  language: text("language").notNull(),
  version: text("version").notNull(),
  author: text("author").notNull(),
  secondsPerQuestion: smallint("seconds_per_question").notNull(),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

/**
 * Questions by stable id. Editing a question in its pack updates `content` and keeps the id, so review
 * history and scores stay attached; a question removed from its pack is retired, never deleted.
 */
export const questions = pgTable(
  "questions",
  {
    id: text("id").primaryKey(),
    packId: text("pack_id")
      .notNull()
      .references(() => packs.id),
    kind: text("kind").notNull(),
    tags: text("tags").array().notNull(),
    difficulty: smallint("difficulty").notNull(),
    /** The whole domain `Question` as loaded from the pack. */
    content: jsonb("content").notNull(),
    contentHash: text("content_hash").notNull(),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    retiredAt: instant("retired_at"),
  },
  (table) => [index("questions_pack").on(table.packId)],
);
