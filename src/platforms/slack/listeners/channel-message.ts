import type { App } from "@slack/bolt";
import type { ListenerContext } from "./context.js";

/** Text in a channel: typed answers. */
export function listenChannelMessages(app: App, context: ListenerContext): void {
  const { members, now, dispatch, place, reply } = context;
  // https://docs.slack.dev/reference/events/message.channels: text answers in a channel with a round.
  app.event("message", async ({ event, body }) => {
    // Edits, joins, bot posts and other subtypes are not answers.
    if (event.subtype !== undefined || !event.user || typeof event.text !== "string") return;
    // Other apps' posts are not members answering (our own are already dropped by Bolt's ignoreSelf).
    if ("bot_id" in event && event.bot_id) return;
    if (event.channel_type !== "channel" && event.channel_type !== "group") return;
    const workspaceId = body.team_id;
    const user = await members.get(event.user);
    await dispatch({
      type: "message",
      text: event.text,
      user,
      place: place(workspaceId, event.channel),
      deliveryId: body.event_id,
      receivedAt: now(),
      reply: reply({ workspaceId, channelId: event.channel, userId: event.user }),
    });
  });
}
