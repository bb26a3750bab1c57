import { boolean, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, platform, ref } from "./common.js";
import { users } from "./users.js";

/** Every sandboxed run requested from chat, with what it printed (already capped by the runner). */
export const snippetRuns = pgTable(
  "snippet_runs",
  {
    id: id(),
    platform: platform(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    userId: ref("user_id").references(() => users.id),
    /** The challenge question graded by this run, if any. */
    questionId: text("question_id"),
    code: text("code").notNull(),
    /** The interpreter the member chose (`/run python:`); null for the runner's default. "Run again" keeps it. */
    interpreter: text("interpreter"),
    /** The standard input the member gave; null for none. "Run again" gives it again. */
    stdin: text("stdin"),
    status: text("status").notNull(),
    exitCode: integer("exit_code"),
    signal: text("signal"),
    stdout: text("stdout").notNull(),
    stderr: text("stderr").notNull(),
    stdoutTruncated: boolean("stdout_truncated").notNull(),
    stderrTruncated: boolean("stderr_truncated").notNull(),
    wallMs: integer("wall_ms").notNull(),
    backend: text("backend").notNull(),
    checks: jsonb("checks"),
    createdAt: createdAt(),
  },
  (table) => [index("snippet_runs_user").on(table.userId, table.createdAt)],
);
