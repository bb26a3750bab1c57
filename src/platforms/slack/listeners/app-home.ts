import type { App } from "@slack/bolt";
import type { ListenerContext } from "./context.js";

/** The App Home tab, published per member. */
export function listenAppHome(app: App, context: ListenerContext): void {
  const { members } = context;
  // https://docs.slack.dev/reference/events/app_home_opened
  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    const user = await members.get(event.user);
    await context.publishHome(user, {
      workspaceId: body.team_id,
      channelId: event.channel,
      deliveryId: body.event_id,
    });
  });
}
