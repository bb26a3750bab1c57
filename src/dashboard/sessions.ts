import { randomBytes } from "node:crypto";
import type { LinkClaims } from "./link-token.js";

/** A signed-in browser: what its link granted, until when, and which link it came from. */
export interface DashboardSession extends Omit<LinkClaims, "expiresAt"> {
  readonly id: string;
  readonly expiresAt: number;
}

/**
 * The dashboard's sessions, in this process's memory: a link is exchanged once for a session (its nonce
 * is remembered until the link would have expired anyway), so a link used, or used and signed out of,
 * cannot open a second session. A restart signs everyone out, which costs one `/dashboard`.
 */
export class SessionBook {
  private readonly sessions = new Map<string, DashboardSession>();
  /** Nonces of links already exchanged, with the time each link expires. */
  private readonly usedNonces = new Map<string, number>();

  constructor(private readonly hoursValid = 12) {}

  /** A new session for a verified link, or undefined when the link was already used. */
  open(claims: LinkClaims, now: Date): DashboardSession | undefined {
    this.sweep(now.getTime());
    if (this.usedNonces.has(claims.nonce)) return undefined;
    this.usedNonces.set(claims.nonce, claims.expiresAt);
    const session: DashboardSession = {
      ...claims,
      id: randomBytes(32).toString("base64url"),
      expiresAt: now.getTime() + this.hoursValid * 3_600_000,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  find(id: string | undefined, now: Date): DashboardSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= now.getTime()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  close(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  get maxAgeSeconds(): number {
    return this.hoursValid * 3600;
  }

  private sweep(now: number): void {
    for (const [nonce, expiresAt] of this.usedNonces) if (expiresAt <= now) this.usedNonces.delete(nonce);
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
