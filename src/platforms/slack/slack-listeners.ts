import type { App } from "@slack/bolt";
import type {
  ButtonEvent,
  ChatUser,
  CommandEvent,
  FormEvent,
  MessageCommandEvent,
  Place,
  TextMessageEvent,
} from "../../domain/ports/chat-platform.js";
import type { Notice } from "../../domain/ports/views/notice.js";
import type { Logger } from "../../logger.js";
import { runReviewMessageCommand } from "../shared/commands.js";
import { type ParseProblem, parseCommandText } from "../shared/parse-options.js";
import { parseOrigin, submittedFields } from "./slack-forms.js";
import type { SlackMembers } from "./slack-members.js";
import { type ReplyTarget, slackResponder } from "./slack-responder.js";
import type { SlackSender } from "./slack-sender.js";
import { commandNameFor, runReviewCallbackId } from "./slash-commands.js";

export type DeliverableEvent =
  | CommandEvent
  | ButtonEvent
  | TextMessageEvent
  | FormEvent
  | MessageCommandEvent;

export interface ListenerDependencies {
  readonly sender: SlackSender;
  readonly members: SlackMembers;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Hands a translated event to the app (dropping redeliveries and catching failures). */
  readonly dispatch: (event: DeliverableEvent) => Promise<void>;
  readonly publishHome: (user: ChatUser, home: HomeOpened) => Promise<void>;
}

/** A member opened the App Home tab; `channelId` is the app's DM with them. */
export interface HomeOpened {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly deliveryId: string;
}

/**
 * Translates Slack deliveries into `IncomingEvent`s. Everything interactive is acknowledged first (Slack
 * gives 3 s, and an unacknowledged command shows the member an error), then answered through the Responder.
 */
export function registerSlackListeners(app: App, deps: ListenerDependencies): void {
  const { sender, members, logger, now, dispatch } = deps;
  const place = (workspaceId: string, channelId: string): Place => ({
    platform: "slack",
    workspaceId,
    channelId,
  });
  const reply = (target: ReplyTarget) => slackResponder(sender, target, logger);

  // https://docs.slack.dev/interactivity/implementing-slash-commands
  app.command(/^\/[a-z_-]+$/, async ({ command, ack, respond }) => {
    const name = commandNameFor(command.command);
    if (!name) {
      await ack(sender.responseBody(notice({ code: "unknown_command", name: command.command }), ephemeral));
      return;
    }
    const parsed = parseCommandText(name, command.text);
    if (!parsed.ok) {
      // Answered in the acknowledgement itself: the member sees at once what was expected.
      await ack(sender.responseBody(notice(problemNotice(parsed.error)), ephemeral));
      return;
    }
    await ack();
    const user = await members.get(command.user_id, command.user_name);
    const { subcommand, options } = parsed.value;
    await dispatch({
      type: "command",
      name,
      ...(subcommand ? { subcommand } : {}),
      options,
      text: command.text,
      user,
      place: place(command.team_id, command.channel_id),
      deliveryId: command.trigger_id,
      receivedAt: now(),
      reply: reply({
        workspaceId: command.team_id,
        channelId: command.channel_id,
        userId: command.user_id,
        respond,
        triggerId: command.trigger_id,
      }),
    });
  });

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

  // https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
  app.view({ type: "view_submission" }, async ({ ack, body, view }) => {
    await ack();
    const origin = parseOrigin(view.private_metadata);
    if (!origin) {
      logger.warn({ callbackId: view.callback_id }, "form submission without an origin ignored");
      return;
    }
    const user = await members.get(body.user.id, body.user.name);
    await dispatch({
      type: "form",
      formId: view.callback_id,
      fields: submittedFields(view.state.values),
      user,
      place: place(origin.workspaceId, origin.channelId),
      deliveryId: `${view.id}:${view.hash}`,
      receivedAt: now(),
      reply: reply({ workspaceId: origin.workspaceId, channelId: origin.channelId, userId: body.user.id }),
    });
  });

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

  // https://docs.slack.dev/reference/events/app_home_opened
  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    const user = await members.get(event.user);
    await deps.publishHome(user, {
      workspaceId: body.team_id,
      channelId: event.channel,
      deliveryId: body.event_id,
    });
  });
}

const ephemeral = { responseType: "ephemeral" } as const;

function notice(value: Notice) {
  return { kind: "notice", notice: value } as const;
}

function problemNotice(problem: ParseProblem): Notice {
  return problem.code === "unknown_command"
    ? { code: "unknown_command", name: problem.name }
    : { code: "invalid_option", option: problem.option, expected: problem.expected };
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
