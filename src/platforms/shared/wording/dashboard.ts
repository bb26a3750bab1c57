import type { DashboardLinkView } from "../../../domain/ports/views/dashboard.js";
import type { RichMessage } from "../rich-message.js";

/**
 * The private reply to `/dashboard`. The link stands alone on its line so every platform (and a terminal)
 * makes it clickable without markup of its own.
 */
export function presentDashboardLink(view: DashboardLinkView): RichMessage {
  if (view.url === undefined) {
    const text = "This bot serves no dashboard: its operator has not set `DASHBOARD_PORT`.";
    return { tone: "info", blocks: [{ type: "text", markdown: text }], fallback: text };
  }
  const what =
    view.role === "organiser"
      ? "Your organiser's dashboard for this server"
      : "Your own page on this server's dashboard";
  const text = `${what} (the link works once, for ${view.minutesValid} minutes; keep it to yourself):\n${view.url}`;
  return { title: "Dashboard", tone: "info", blocks: [{ type: "text", markdown: text }], fallback: what };
}
