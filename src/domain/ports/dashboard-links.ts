import type { PlatformName } from "./chat-platform.js";

/** What a dashboard link lets its holder see: the whole server/workspace, or only their own page. */
export type DashboardRole = "organiser" | "member";

/** Whom a link is for: one member of one server/workspace, in one role. */
export interface DashboardGrant {
  readonly platform: PlatformName;
  readonly workspaceId: string;
  /** The member's platform id (Discord user id, Slack user id, console name). */
  readonly memberId: string;
  readonly role: DashboardRole;
}

/** Issues the links `/dashboard` replies with (signed and short-lived; see src/dashboard/link-token.ts). */
export interface DashboardLinks {
  /** How long a link stays valid before its first use, in minutes. */
  readonly minutesValid: number;
  linkFor(grant: DashboardGrant, now: Date): string;
}
