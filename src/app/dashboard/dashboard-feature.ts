import type { ChatUser, CommandEvent } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { DashboardLinks, DashboardRole } from "../../domain/ports/dashboard-links.js";
import type { Feature } from "../feature.js";
import { dashboardCommands } from "./commands.js";

export interface DashboardFeatureDeps {
  /** Absent when the bot serves no dashboard (DASHBOARD_PORT unset): the command says so. */
  readonly links?: DashboardLinks;
  readonly clock: Clock;
  /** Platform user ids given the organiser view besides the platform's admins (DASHBOARD_ORGANISERS). */
  readonly organisers?: readonly string[];
}

/**
 * `/dashboard`: replies privately with a signed link to the dashboard of this server/workspace. Admins
 * (Manage Server on Discord, workspace admins and owners on Slack, the console's user) and the configured
 * organisers get the organiser view; everyone else a link to their own page only.
 */
export function dashboardFeature(deps: DashboardFeatureDeps): Feature {
  const organisers = new Set(deps.organisers ?? []);
  const roleOf = (user: ChatUser): DashboardRole =>
    user.isAdmin || organisers.has(user.id) ? "organiser" : "member";

  async function link(event: CommandEvent): Promise<void> {
    if (!deps.links) {
      await event.reply.private({ kind: "dashboard_link" });
      return;
    }
    const role = roleOf(event.user);
    const url = deps.links.linkFor(
      {
        platform: event.place.platform,
        workspaceId: event.place.workspaceId,
        memberId: event.user.id,
        role,
      },
      deps.clock.now(),
    );
    await event.reply.private({ kind: "dashboard_link", url, role, minutesValid: deps.links.minutesValid });
  }

  return { name: "dashboard", declares: dashboardCommands, commands: { dashboard: link } };
}
