import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PlatformName } from "../domain/ports/chat-platform.js";
import type { DashboardGrant, DashboardLinks, DashboardRole } from "../domain/ports/dashboard-links.js";
import { err, ok, type Result } from "../domain/result.js";

/** What a verified link says: the grant, when it stops working, and its one-use nonce. */
export interface LinkClaims extends DashboardGrant {
  readonly expiresAt: number;
  readonly nonce: string;
}

export type LinkProblem = "malformed" | "forged" | "expired";

const version = "v1";
const platforms: readonly PlatformName[] = ["discord", "slack", "console"];
const roles: readonly DashboardRole[] = ["organiser", "member"];

/**
 * `v1.<payload>.<signature>`: the payload is base64url JSON of the grant, its expiry and a random nonce;
 * the signature is HMAC-SHA256 over `v1.<payload>` with the dashboard's secret (RFC 2104), base64url.
 * Nothing in the token is secret, everything in it is signed.
 */
export function signLinkToken(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      p: claims.platform,
      w: claims.workspaceId,
      m: claims.memberId,
      r: claims.role,
      x: claims.expiresAt,
      n: claims.nonce,
    }),
  ).toString("base64url");
  return `${version}.${payload}.${signature(secret, `${version}.${payload}`)}`;
}

/** The claims of a token signed with `secret` that has not expired at `now`; the reason otherwise. */
export function verifyLinkToken(secret: string, token: string, now: Date): Result<LinkClaims, LinkProblem> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== version) return err("malformed");
  const [, payload = "", given = ""] = parts;
  const expected = Buffer.from(signature(secret, `${version}.${payload}`), "base64url");
  const actual = Buffer.from(given, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return err("forged");
  const claims = claimsOf(payload);
  if (!claims) return err("malformed");
  return claims.expiresAt <= now.getTime() ? err("expired") : ok(claims);
}

function signature(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("base64url");
}

function claimsOf(payload: string): LinkClaims | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { p, w, m, r, x, n } = parsed as Record<string, unknown>;
  const platform = platforms.find((name) => name === p);
  const role = roles.find((name) => name === r);
  if (!platform || !role || typeof w !== "string" || typeof m !== "string") return undefined;
  if (typeof x !== "number" || !Number.isFinite(x) || typeof n !== "string" || n === "") return undefined;
  return { platform, workspaceId: w, memberId: m, role, expiresAt: x, nonce: n };
}

/** `/dashboard`'s links: signed, valid for `minutesValid` minutes, opened at `<baseUrl>/enter?token=`. */
export class SignedDashboardLinks implements DashboardLinks {
  readonly minutesValid: number;

  constructor(
    private readonly options: {
      readonly secret: string;
      readonly baseUrl: string;
      readonly minutesValid?: number;
    },
  ) {
    this.minutesValid = options.minutesValid ?? 15;
  }

  linkFor(grant: DashboardGrant, now: Date): string {
    const token = signLinkToken(this.options.secret, {
      platform: grant.platform,
      workspaceId: grant.workspaceId,
      memberId: grant.memberId,
      role: grant.role,
      expiresAt: now.getTime() + this.minutesValid * 60_000,
      nonce: randomBytes(16).toString("base64url"),
    });
    return `${this.options.baseUrl}/enter?token=${token}`;
  }
}
