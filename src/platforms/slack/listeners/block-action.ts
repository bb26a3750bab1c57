import type { App } from "@slack/bolt";
import { parseOrigin } from "../slack-forms.js";
import type { ListenerContext } from "./context.js";

/** Buttons and select menus, on messages and in forms. */
export function listenBlockActions(app: App, context: ListenerContext): void {
  const { members, logger, now, dispatch, place, reply } = context;
  // https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
  app.action({ type: "block_actions" }, async ({ ack, body, action, respond }) => {
    await ack();
    const container = body.container as {
      channel_id?: unknown;
      message_ts?: unknown;
      is_ephemeral?: unknown;
    };
    const origin = parseOrigin(body.view?.private_metadata);
    const workspaceId = body.team?.id ?? origin?.workspaceId ?? body.user.team_id ?? "";
    const channelId =
      body.channel?.id ??
      (typeof container.channel_id === "string" ? container.channel_id : origin?.channelId);
    if (!channelId) {
      logger.debug({ actionId: action.action_id }, "block action outside a channel ignored");
      return;
    }
    const messageTs = typeof container.message_ts === "string" ? container.message_ts : body.message?.ts;
    const source = messageTs
      ? { channelId, ts: messageTs, ephemeral: container.is_ephemeral === true }
      : undefined;
    const values = selectedValues(action);
    const user = await members.get(body.user.id, body.user.name ?? body.user.username);
    await dispatch({
      type: "button",
      actionId: action.action_id,
      ...(values ? { values } : {}),
      ...(source && !source.ephemeral
        ? { message: { platform: "slack" as const, channelId, messageId: source.ts } }
        : {}),
      user,
      place: place(workspaceId, channelId),
      // A double click is two actions with two action_ts; only a redelivery repeats this id.
      deliveryId: `${action.action_ts}:${body.user.id}`,
      receivedAt: now(),
      reply: reply({
        workspaceId,
        channelId,
        userId: body.user.id,
        respond,
        triggerId: body.trigger_id,
        ...(source ? { source } : {}),
      }),
    });
  });
}

/** Selected option values of a select menu; undefined for a plain button. */
function selectedValues(action: unknown): string[] | undefined {
  const candidate = action as {
    selected_options?: readonly { value?: unknown }[];
    selected_option?: { value?: unknown } | null;
  };
  if (Array.isArray(candidate.selected_options)) {
    return candidate.selected_options
      .map((option) => option.value)
      .filter((value): value is string => typeof value === "string");
  }
  if (candidate.selected_option && typeof candidate.selected_option.value === "string") {
    return [candidate.selected_option.value];
  }
  return undefined;
}
