import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, instant, platform } from "./common.js";

/**
 * The dashboard's signed-in browsers, shared by every process serving it. `key` is the SHA-256 of the
 * session cookie (hex): the cookie itself is never stored, so reading this table signs nobody in.
 * Expired rows are swept whenever a link is exchanged (src/storage/dashboard/drizzle-dashboard-session-store.ts).
 */
export const dashboardSessions = pgTable(
  "dashboard_sessions",
  {
    key: text("key").primaryKey(),
    platform: platform(),
    workspaceId: text("workspace_id").notNull(),
    memberId: text("member_id").notNull(),
    role: text("role", { enum: ["organiser", "member"] }).notNull(),
    nonce: text("nonce").notNull(),
    expiresAt: instant("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("dashboard_sessions_expiry").on(table.expiresAt)],
);

/**
 * Nonces of dashboard links already exchanged for a session: the primary key makes the exchange of one
 * link succeed once across all processes. A row is kept until its link has expired (and a margin for
 * clocks that disagree), after which the link is refused for its age alone.
 */
export const dashboardLinkNonces = pgTable(
  "dashboard_link_nonces",
  {
    nonce: text("nonce").primaryKey(),
    linkExpiresAt: instant("link_expires_at").notNull(),
    usedAt: instant("used_at").notNull().defaultNow(),
  },
  (table) => [index("dashboard_link_nonces_expiry").on(table.linkExpiresAt)],
);
