import { and, eq, gt, lt, lte } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  DashboardSessionStore,
  StoredDashboardSession,
} from "../../domain/ports/dashboard-session-store.js";
import type { Db } from "../database.js";
import { dashboardLinkNonces, dashboardSessions } from "../schema/index.js";

/**
 * How long a used nonce outlives its link: a process whose clock runs ahead must not sweep the nonce of a
 * link that another process, whose clock runs behind, still takes as unexpired.
 */
const nonceMarginMs = 3_600_000;

/**
 * The dashboard's sessions in `dashboard_sessions` and `dashboard_link_nonces`. Opening claims the nonce
 * with `insert ... on conflict do nothing returning` in the transaction that stores the session: of any
 * number of processes exchanging one link at once exactly one gets the nonce's row back (the others wait
 * on its key and then insert nothing), and a session that failed to store gives the nonce back. Each
 * opening first sweeps what has expired, through the expiry indexes, so the tables hold about the
 * sessions of the last 12 hours and the links of the last quarter hour.
 */
export class DrizzleDashboardSessionStore implements DashboardSessionStore {
  constructor(private readonly db: Db) {}

  async open(session: StoredDashboardSession, linkExpiresAt: Date, now: Date): Promise<boolean> {
    await this.sweep(now);
    return this.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(dashboardLinkNonces)
        .values({ nonce: session.nonce, linkExpiresAt, usedAt: now })
        .onConflictDoNothing({ target: dashboardLinkNonces.nonce })
        .returning({ nonce: dashboardLinkNonces.nonce });
      if (claimed.length !== 1) return false;
      await tx.insert(dashboardSessions).values({
        key: session.key,
        platform: session.platform,
        workspaceId: session.workspaceId,
        memberId: session.memberId,
        role: session.role,
        nonce: session.nonce,
        expiresAt: session.expiresAt,
        createdAt: now,
      });
      return true;
    });
  }

  async find(key: string, now: Date): Promise<StoredDashboardSession | undefined> {
    const [row] = await this.db
      .select()
      .from(dashboardSessions)
      .where(and(eq(dashboardSessions.key, key), gt(dashboardSessions.expiresAt, now)));
    if (!row) return undefined;
    return {
      key: row.key,
      platform: row.platform as PlatformName,
      workspaceId: row.workspaceId,
      memberId: row.memberId,
      role: row.role,
      nonce: row.nonce,
      expiresAt: row.expiresAt,
    };
  }

  async close(key: string): Promise<void> {
    await this.db.delete(dashboardSessions).where(eq(dashboardSessions.key, key));
  }

  private async sweep(now: Date): Promise<void> {
    await this.db.delete(dashboardSessions).where(lte(dashboardSessions.expiresAt, now));
    await this.db
      .delete(dashboardLinkNonces)
      .where(lt(dashboardLinkNonces.linkExpiresAt, new Date(now.getTime() - nonceMarginMs)));
  }
}
