import type { App } from "@slack/bolt";
import { runReviewMessageCommand } from "../../shared/commands.js";
import { runReviewCallbackId } from "../slash-commands.js";
import type { ListenerContext } from "./context.js";

/** The "Run and review" message shortcut. */
export function listenMessageShortcuts(app: App, context: ListenerContext): void {
  const { members, now, dispatch, place, reply } = context;
  // https://docs.slack.dev/interactivity/implementing-shortcuts#messages
  app.shortcut(
    { callback_id: runReviewCallbackId, type: "message_action" },
    async ({ ack, shortcut, respond }) => {
      await ack();
      const workspaceId = shortcut.team?.id ?? "";
      const channelId = shortcut.channel.id;
      const authorId = typeof shortcut.message.user === "string" ? shortcut.message.user : undefined;
      const [user, targetAuthor] = await Promise.all([
        members.get(shortcut.user.id, shortcut.user.name),
        authorId ? members.get(authorId) : Promise.resolve(undefined),
      ]);
      await dispatch({
        type: "message_command",
        name: runReviewMessageCommand.id,
        targetText: typeof shortcut.message.text === "string" ? shortcut.message.text : "",
        targetAuthor,
        user,
        place: place(workspaceId, channelId),
        deliveryId: `${shortcut.action_ts}:${shortcut.user.id}`,
        receivedAt: now(),
        reply: reply({
          workspaceId,
          channelId,
          userId: shortcut.user.id,
          respond,
          triggerId: shortcut.trigger_id,
        }),
      });
    },
  );
}
