import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, instant, ref } from "./common.js";
import { snippetRuns } from "./snippets.js";
import { users } from "./users.js";

/**
 * What the review found in a member's own snippet, one row per rule and run: `/stats` counts them over
 * the last 30 days. `user_id` is the snippet's author (the member who posted the code), not whoever ran it.
 */
export const snippetFindings = pgTable(
  "snippet_findings",
  {
    runId: ref("run_id")
      .notNull()
      .references(() => snippetRuns.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The rule's title when it fired, so the count reads the same after a rule is renamed. */
    title: text("title").notNull(),
    /** How many places in the snippet the rule fired at. */
    hits: integer("hits").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.runId, table.ruleId] }),
    index("snippet_findings_user_time").on(table.userId, table.createdAt),
  ],
);

/**
 * Review cards a member was given because of a snippet's findings: once per member and snippet (the code's
 * SHA-256), so a re-delivered event, a second press of "Add to my reviews" or the same code run again
 * adds nothing more.
 */
export const snippetCardGrants = pgTable(
  "snippet_card_grants",
  {
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    questionIds: text("question_ids").array().notNull(),
    grantedAt: instant("granted_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.codeHash] })],
);
