import type { App } from "@slack/bolt";
import type {
  ButtonEvent,
  ChatUser,
  CommandEvent,
  FormEvent,
  MessageCommandEvent,
  TextMessageEvent,
} from "../../domain/ports/chat-platform.js";
import type { Logger } from "../../logger.js";
import { listenAppHome } from "./listeners/app-home.js";
import { listenBlockActions } from "./listeners/block-action.js";
import { listenChannelMessages } from "./listeners/channel-message.js";
import { listenerContext } from "./listeners/context.js";
import { listenMessageShortcuts } from "./listeners/message-shortcut.js";
import { listenSlashCommands } from "./listeners/slash-command.js";
import { listenViewSubmissions } from "./listeners/view-submission.js";
import type { SlackMembers } from "./slack-members.js";
import type { SlackSender } from "./slack-sender.js";

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
 * One listener per kind of delivery, each in its own file under `listeners/`.
 */
export function registerSlackListeners(app: App, deps: ListenerDependencies): void {
  const context = listenerContext(deps);
  listenSlashCommands(app, context);
  listenBlockActions(app, context);
  listenViewSubmissions(app, context);
  listenMessageShortcuts(app, context);
  listenChannelMessages(app, context);
  listenAppHome(app, context);
}
