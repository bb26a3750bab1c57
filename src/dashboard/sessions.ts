import { createHash, randomBytes } from "node:crypto";
import type {
  DashboardSessionStore,
  StoredDashboardSession,
} from "../domain/ports/dashboard-session-store.js";
import type { LinkClaims } from "./link-token.js";

/** A signed-in browser: what its link granted, which link it came from, and until when. */
export type DashboardSession = StoredDashboardSession;

/** A session just opened, with the cookie value that names it (held by the browser alone). */
export interface OpenedSession {
  readonly cookie: string;
  readonly session: DashboardSession;
}

/** 32 random bytes in base64url: what this server hands out, so anything else is not worth a lookup. */
const cookieShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * The key a session is stored under: the SHA-256 of its cookie, hex. The cookie has 256 random bits, so
 * a plain hash (no salt, no stretching) is enough to make a stored key useless for signing in.
 */
export function sessionKey(cookie: string): string {
  return createHash("sha256").update(cookie).digest("hex");
}

/**
 * The dashboard's sessions, kept in a store shared by every process that serves the dashboard: a link is
 * exchanged once, in whichever process, for a session (its nonce stays used until the link would have
 * expired anyway), so a link used, or used and signed out of, cannot open a second session. A restart or
 * another process behind the same address keeps everyone signed in.
 */
export class DashboardSessions {
  constructor(
    private readonly store: DashboardSessionStore,
    private readonly hoursValid = 12,
  ) {}

  /** A new session for a verified link, or undefined when the link was already used. */
  async open(claims: LinkClaims, now: Date): Promise<OpenedSession | undefined> {
    const cookie = randomBytes(32).toString("base64url");
    const session: DashboardSession = {
      platform: claims.platform,
      workspaceId: claims.workspaceId,
      memberId: claims.memberId,
      role: claims.role,
      nonce: claims.nonce,
      key: sessionKey(cookie),
      expiresAt: new Date(now.getTime() + this.hoursValid * 3_600_000),
    };
    const opened = await this.store.open(session, new Date(claims.expiresAt), now);
    return opened ? { cookie, session } : undefined;
  }

  /** The live session the cookie names, if any. */
  async find(cookie: string | undefined, now: Date): Promise<DashboardSession | undefined> {
    if (!cookie || !cookieShape.test(cookie)) return undefined;
    return this.store.find(sessionKey(cookie), now);
  }

  async close(cookie: string | undefined): Promise<void> {
    if (cookie && cookieShape.test(cookie)) await this.store.close(sessionKey(cookie));
  }
}
