import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type {
  ChannelPresence,
  ChatPlatform,
  ChatUser,
  EventHandler,
  MessageRef,
  Place,
  PlatformCapabilities,
  Responder,
} from "../../domain/ports/chat-platform.js";
import type { PlatformApiMeter } from "../../domain/ports/meters.js";
import type { PictureRenderer } from "../../domain/ports/picture-renderer.js";
import type { View } from "../../domain/ports/views/index.js";
import type { Logger } from "../../logger.js";
import { withPicture } from "../shared/picture-attachment.js";
import { present } from "../shared/present.js";
import type { RichMessage } from "../shared/rich-message.js";
import { renderBlockKit } from "./block-kit.js";
import { boltLogger } from "./bolt-logger.js";
import {
  type NoPrivatePicture,
  type PrivatePictureOptions,
  SlackPrivatePictures,
} from "./private-pictures.js";
import { SeenDeliveries } from "./seen-deliveries.js";
import { slackChannelPresence } from "./slack-channel-presence.js";
import { type DeliverableEvent, type HomeOpened, registerSlackListeners } from "./slack-listeners.js";
import { SlackMembers } from "./slack-members.js";
import { SlackSender } from "./slack-sender.js";

/** Socket Mode (an outbound WebSocket, no public URL) or HTTP (Slack posts to us, signed). */
export type SlackConnection =
  | { readonly mode: "socket"; readonly appToken: string; readonly clientPingTimeoutMs?: number }
  | { readonly mode: "http"; readonly signingSecret: string; readonly port: number; readonly host?: string };

export interface SlackPlatformOptions {
  readonly botToken: string;
  readonly connection: SlackConnection;
  /** Web API base (SLACK_API_URL), for a local fake Slack in tests. */
  readonly apiUrl?: string;
  readonly logger: Logger;
  /** What the App Home tab shows a member; the command overview until the app provides more. */
  readonly homeView?: (user: ChatUser, workspaceId: string) => Promise<View>;
  readonly now?: () => Date;
  readonly memberCacheMs?: number;
  /** Draws pictures (leaderboard cards, charts) posted under their messages; without it every view is text. */
  readonly pictures?: PictureRenderer;
  /**
   * Pictures in private replies too (SLACK_PRIVATE_PICTURES; needs `pictures` and the `files:read` scope):
   * uploaded to nowhere, waited for, then shown in the ephemeral message. Absent: private replies are text.
   */
  readonly privatePictures?: PrivatePictureOptions;
  /** Told the status of every Web API response, 429s included, for the metrics. */
  readonly apiMeter?: PlatformApiMeter;
}

const capabilities: PlatformCapabilities = {
  buttons: true,
  privateReplies: true,
  messageEdits: true,
  forms: true,
  threads: true,
  directMessages: true,
  readsChannelMessages: true,
};

/**
 * quizbot on Slack, through Bolt (https://docs.slack.dev/tools/bolt-js). Bolt verifies request signatures
 * (HTTP mode) or holds the Socket Mode connection; this class translates deliveries into `IncomingEvent`s
 * and views into Block Kit. A failing handler never takes the process down: it is logged and the member
 * gets a private generic error.
 */
export class SlackPlatform implements ChatPlatform {
  readonly name = "slack" as const;
  readonly capabilities = capabilities;
  private readonly app: App;
  private readonly sender: SlackSender;
  private readonly seen = new SeenDeliveries();
  private readonly logger: Logger;
  private readonly now: () => Date;
  private handler: EventHandler | undefined;
  private server: Server | undefined;
  private botUser: Promise<string | undefined> | undefined;

  constructor(private readonly options: SlackPlatformOptions) {
    this.logger = options.logger.child({ platform: "slack" });
    this.now = options.now ?? (() => new Date());
    const logger = boltLogger(this.logger);
    const clientOptions = {
      ...(options.apiUrl ? { slackApiUrl: withTrailingSlash(options.apiUrl) } : {}),
      ...(options.apiMeter ? { fetch: meteredFetch(options.apiMeter) } : {}),
    };
    const receiver: Receiver =
      options.connection.mode === "socket"
        ? new SocketModeReceiver({
            appToken: options.connection.appToken,
            logger,
            installerOptions: { clientOptions: { ...clientOptions } },
            ...(options.connection.clientPingTimeoutMs !== undefined
              ? { clientPingTimeout: options.connection.clientPingTimeoutMs }
              : {}),
          })
        : new HTTPReceiver({
            signingSecret: options.connection.signingSecret,
            logger,
            port: options.connection.port,
            // Answer Slack the moment a listener calls ack(), which each does first; the work follows.
            processBeforeResponse: false,
          });
    this.app = new App({ token: options.botToken, receiver, logger, clientOptions });
    this.sender = new SlackSender(this.app.client, (view) => renderBlockKit(this.present(view)), {
      draw: async (view) => (await withPicture(this.present(view), options.pictures, this.logger)).image,
      uploadFailed: (error) => this.logger.warn({ err: error }, "picture upload failed; the text stands"),
      ...(options.privatePictures && options.pictures
        ? {
            private: new SlackPrivatePictures(this.app.client, options.privatePictures, () =>
              this.now().getTime(),
            ),
            privateMissed: (reason, error) => this.privatePictureMissed(reason, error),
          }
        : {}),
    });
    const members = new SlackMembers(this.app.client, this.logger, options.memberCacheMs);
    registerSlackListeners(this.app, {
      sender: this.sender,
      members,
      logger: this.logger,
      now: this.now,
      dispatch: (event) => this.dispatch(event),
      publishHome: (user, home) => this.publishHome(user, home),
    });
    this.app.error(async (error) => {
      this.logger.error({ err: error }, "Slack listener failed");
    });
  }

  async start(handler: EventHandler): Promise<void> {
    this.handler = handler;
    const connection = this.options.connection;
    if (connection.mode === "socket") {
      await this.app.start();
      this.logger.info("connected to Slack over Socket Mode");
      return;
    }
    this.server = (await this.app.start({
      port: connection.port,
      ...(connection.host ? { host: connection.host } : {}),
    })) as Server;
    this.logger.info({ port: this.port }, "listening for Slack requests");
  }

  /** The HTTP port actually bound (tests ask for port 0). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === "object" && address ? (address as AddressInfo).port : undefined;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    try {
      await this.app.stop();
    } catch (error) {
      // Stopping a receiver that never started is not worth failing a shutdown over.
      this.logger.debug({ err: error }, "Slack receiver stop");
    }
    this.server = undefined;
  }

  post(place: Place, view: View): Promise<MessageRef> {
    return this.sender.post(place.channelId, view);
  }

  edit(message: MessageRef, view: View): Promise<void> {
    return this.sender.update(message.channelId, message.messageId, view);
  }

  directMessage(user: Pick<ChatUser, "platform" | "id">, view: View): Promise<MessageRef | undefined> {
    return this.sender.directMessage(user.id, view);
  }

  /** The channel's member list (see `slackChannelPresence`); `unknown` when Slack refuses it. */
  async channelPresence(place: Place): Promise<ChannelPresence> {
    try {
      return await slackChannelPresence(this.app.client, place.channelId, () => this.botUserId());
    } catch (error) {
      // missing_scope (an install from before the manifest asked for channels:read), or a channel the bot cannot see.
      this.logger.warn({ err: error, channel: place.channelId }, "Slack channel members unavailable");
      return { kind: "unknown" };
    }
  }

  /** The bot's own user id (auth.test), asked once; a failure is asked again next time. */
  private botUserId(): Promise<string | undefined> {
    if (!this.botUser) {
      const asked = this.app.client.auth.test().then((result) => result.user_id);
      asked.catch(() => {
        this.botUser = undefined;
      });
      this.botUser = asked;
    }
    return this.botUser;
  }

  private privatePictureMissed(reason: NoPrivatePicture, error: unknown): void {
    // Said once when Slack answers missing_scope, not again for every reply until the scope is retried.
    if (reason === "scope_missing_earlier") {
      this.logger.debug("private reply sent as text: files:read was missing a moment ago");
      return;
    }
    const why =
      reason === "missing_scope"
        ? "SLACK_PRIVATE_PICTURES needs the files:read scope (add it, then reinstall the app)"
        : reason === "not_processed"
          ? "Slack had not processed the picture in time"
          : "the picture could not be uploaded or checked";
    this.logger.warn({ err: error, reason }, `private reply sent as text: ${why}`);
  }

  private present(view: View): RichMessage {
    return present(view, capabilities, { helpName: "quizhelp", admins: slackAdmins });
  }

  private async dispatch(event: DeliverableEvent): Promise<void> {
    const handler = this.handler;
    if (!handler) return;
    if (!this.seen.firstTime(event.deliveryId, this.now().getTime())) {
      this.logger.debug({ type: event.type, deliveryId: event.deliveryId }, "Slack redelivery dropped");
      return;
    }
    try {
      await handler(event);
    } catch (error) {
      this.logger.error(
        { err: error, type: event.type, user: event.user.id },
        "handling a Slack event failed",
      );
      try {
        await event.reply.private({ kind: "notice", notice: { code: "internal_error" } });
      } catch (replyError) {
        this.logger.warn({ err: replyError }, "could not tell the member about the failure");
      }
    }
  }

  /**
   * The App Home tab (https://docs.slack.dev/surfaces/app-home): the member's progress above the command
   * overview. Opening the tab is translated into the member asking for `/stats`, so the app's own stats
   * feature supplies the figures through a Responder that collects instead of posting; notices (no such
   * feature, nothing to show) are left out and the overview alone is published.
   */
  private async publishHome(user: ChatUser, home: HomeOpened): Promise<void> {
    // A redelivered opening (same event id) is dropped like every other redelivery (docs/slack.md).
    if (!this.seen.firstTime(home.deliveryId, this.now().getTime())) return;
    const views: View[] = [];
    if (this.options.homeView) {
      views.push(await this.options.homeView(user, home.workspaceId));
    } else if (this.handler) {
      const collect = async (view: View) => {
        if (view.kind !== "notice") views.push(view);
      };
      const responder: Responder = {
        public: async (view) => {
          await collect(view);
          return undefined;
        },
        private: collect,
        update: collect,
        defer: async () => {},
        openForm: async () => {},
      };
      try {
        await this.handler({
          type: "command",
          name: "stats",
          options: {},
          user,
          place: { platform: "slack", workspaceId: home.workspaceId, channelId: home.channelId },
          deliveryId: home.deliveryId,
          receivedAt: this.now(),
          reply: responder,
        });
      } catch (error) {
        this.logger.warn({ err: error }, "App Home figures unavailable; publishing the overview alone");
      }
    }
    if (!views.some((view) => view.kind === "help")) views.push({ kind: "help" });
    const blocks = views.flatMap((view, index) => [
      ...(index > 0 ? [{ type: "divider" as const }] : []),
      ...renderBlockKit(this.present(view)).blocks,
    ]);
    // A Home tab holds at most 100 blocks.
    await this.sender.publishHome(user.id, blocks.slice(0, 100));
  }
}

/** What `isAdmin` checks on Slack (slack-members.ts): Slack has no channel admins. */
const slackAdmins = "workspace admins and owners";

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * The fetch Bolt's WebClients send every Web API call with (each retry after a 429 included), reporting
 * each answer's status: Bolt makes a client per token, and all of them take this one from `clientOptions`.
 */
function meteredFetch(meter: PlatformApiMeter): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    meter.apiAnswered("slack", response.status);
    return response;
  };
}
