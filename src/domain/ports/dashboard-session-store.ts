import type { DashboardGrant } from "./dashboard-links.js";

/**
 * A signed-in browser as the store keeps it: what its link granted, which link it came from, and until
 * when. `key` is a digest of the session's cookie (src/dashboard/sessions.ts makes it), never the cookie
 * itself, so whoever reads the store cannot sign in with what they read.
 */
export interface StoredDashboardSession extends DashboardGrant {
  readonly key: string;
  /** The one-use nonce of the link this session was opened with. */
  readonly nonce: string;
  readonly expiresAt: Date;
}

/**
 * The dashboard's sessions and used link nonces, shared by every process serving the dashboard on one
 * database: a session opened through one is good on all of them, and a link opens one session in all.
 */
export interface DashboardSessionStore {
  /**
   * Claims the link's nonce (kept until `linkExpiresAt`, when the link is refused anyway) and stores the
   * session, as one step: `true` for the one caller that claimed the nonce, `false` for every other, at
   * once or later, in this process or another. Rows expired at `now` may be swept on the way.
   */
  open(session: StoredDashboardSession, linkExpiresAt: Date, now: Date): Promise<boolean>;
  /** The session under `key` that has not expired at `now`. */
  find(key: string, now: Date): Promise<StoredDashboardSession | undefined>;
  /** Ends the session under `key` (sign-out); its link's nonce stays used. Nothing happens for no session. */
  close(key: string): Promise<void>;
}
