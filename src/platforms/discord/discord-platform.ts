import {
  type APIChannel,
  type APIGuild,
  type APIMessage,
  type AutocompleteInteraction,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  Routes,
} from "discord.js";
import type {
  ChannelPresence,
  ChatPlatform,
  ChatUser,
  EventHandler,
  IncomingEvent,
  MessageRef,
  Place,
  PlatformCapabilities,
} from "../../domain/ports/chat-platform.js";
import type { PlatformApiMeter } from "../../domain/ports/meters.js";
import type { PictureRenderer } from "../../domain/ports/picture-renderer.js";
import type { View } from "../../domain/ports/views/index.js";
import type { Logger } from "../../logger.js";
import { runReviewMessageCommand } from "../shared/commands.js";
import { withPicture } from "../shared/picture-attachment.js";
import { present } from "../shared/present.js";
import { GatewayRefusedError } from "./gateway-refusal.js";
import { InteractionResponder, type RepliableInteraction } from "./interaction-responder.js";
import { restPayload } from "./payloads.js";
import { redactDiscordError } from "./redacted-error.js";
import { type DiscordMessage, renderMessage } from "./render-message.js";
import { authorOf, parseAutocomplete, parseChatInput, placeOf, userOf } from "./translate-interaction.js";

export interface DiscordPlatformOptions {
  readonly token: string;
  readonly applicationId: string;
  /** REST base (DISCORD_API_URL), e.g. a local fake in tests; Discord's own when absent. */
  readonly apiUrl?: string;
  /** DISCORD_ADMIN_ROLE: a role id or name whose members count as admins besides Manage Server. */
  readonly adminRole?: string;
  readonly logger: Logger;
  /** Milliseconds after which an unanswered interaction is deferred automatically (default 2,500). */
  readonly autoDeferMs?: number;
  /**
   * `"auto"` runs as many shards as Discord recommends in this one process; a list connects those shard
   * ids of `shardCount` (DISCORD_SHARDS / DISCORD_SHARD_IDS), so independent processes can split the
   * shards between them. Leave it out under discord.js's ShardingManager, which tells each child its
   * shard through the environment.
   */
  readonly shards?: "auto" | readonly number[];
  /** The bot's total shard count, with a list of `shards`; Discord routes guild `g` to `(g >> 22) % shardCount`. */
  readonly shardCount?: number;
  readonly now?: () => number;
  /** Draws pictures (leaderboard cards, charts); without it every view is text. */
  readonly pictures?: PictureRenderer;
  /** Told the status of every REST response, 429s included, for the metrics. */
  readonly apiMeter?: PlatformApiMeter;
}

/** Discord error code for "Cannot send messages to this user" (DMs closed or no shared server). */
const cannotMessageUser = 50007;

/**
 * The Discord adapter on discord.js: only the Guilds intent (no privileged intents, no message content),
 * events from `interactionCreate`, answers through the interaction or, for messages the bot posts on its own,
 * through REST (whose queue handles rate limits). All state lives in the database, so any number of shards
 * or processes can run this (see docs/discord.md).
 */
export class DiscordPlatform implements ChatPlatform {
  readonly name = "discord" as const;
  readonly capabilities: PlatformCapabilities = {
    buttons: true,
    privateReplies: true,
    messageEdits: true,
    forms: true,
    threads: false,
    directMessages: true,
    readsChannelMessages: false,
  };
  readonly client: Client;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: DiscordPlatformOptions) {
    this.logger = options.logger.child({ platform: "discord" });
    this.now = options.now ?? Date.now;
    // Under ShardingManager, discord.js reads the SHARDS and SHARD_COUNT it sets in the environment.
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: options.apiUrl ? { api: options.apiUrl } : {},
      ...(options.shards === "auto" ? { shards: "auto" as const } : {}),
      ...(Array.isArray(options.shards) ? { shards: [...options.shards] } : {}),
      ...(options.shardCount !== undefined ? { shardCount: options.shardCount } : {}),
    });
    const meter = options.apiMeter;
    // discord.js's REST manager announces every response it gets, the 429s it then waits out included.
    if (meter)
      this.client.rest.on("response", (_request, response) => meter.apiAnswered("discord", response.status));
  }

  async start(handler: EventHandler): Promise<void> {
    const client = this.client;
    // Without an `error` listener an EventEmitter error would throw and end the process.
    client.on(Events.Error, (error) =>
      this.logger.error({ err: redactDiscordError(error) }, "discord client error"),
    );
    client.on(Events.ShardError, (error, shardId) =>
      this.logger.error({ err: error, shardId }, "discord shard error"),
    );
    client.on(Events.Warn, (message) => this.logger.warn({ detail: message }, "discord warning"));
    client.on(Events.ShardDisconnect, (event, shardId) =>
      this.logger.warn({ code: event.code, shardId }, "discord shard disconnected"),
    );
    client.on(Events.ShardResume, (shardId) => this.logger.info({ shardId }, "discord shard resumed"));
    client.on(Events.InteractionCreate, (interaction) => {
      this.dispatch(interaction, handler).catch((error: unknown) =>
        this.logger.error(
          { err: redactDiscordError(error), interactionId: interaction.id },
          "interaction failed",
        ),
      );
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    // A shard closed for good (bad token, a shard id outside DISCORD_SHARDS) would leave `ready` waiting forever.
    const refused = new Promise<never>((_resolve, reject) =>
      client.on(Events.ShardDisconnect, (event, shardId) =>
        reject(new GatewayRefusedError(event.code, shardId)),
      ),
    );
    const connected = async () => {
      await client.login(this.options.token);
      await ready;
    };
    try {
      await Promise.race([connected(), refused]);
    } catch (error) {
      await client.destroy();
      throw error;
    }
    this.logger.info(
      {
        user: client.user?.tag,
        guilds: client.guilds.cache.size,
        shards: client.ws.shards.map((shard) => shard.id),
        shardCount: client.options.shardCount,
      },
      "connected to Discord",
    );
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }

  async post(place: Place, view: View): Promise<MessageRef> {
    return await this.postToChannel(place.channelId, await this.render(view));
  }

  async edit(message: MessageRef, view: View): Promise<void> {
    await this.editChannelMessage(message, await this.render(view));
  }

  async directMessage(user: Pick<ChatUser, "platform" | "id">, view: View): Promise<MessageRef | undefined> {
    try {
      const channel = (await this.client.rest.post(Routes.userChannels(), {
        body: { recipient_id: user.id },
      })) as APIChannel;
      return await this.postToChannel(channel.id, await this.render(view));
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === cannotMessageUser) return undefined;
      throw error;
    }
  }

  /**
   * How many could answer, at most: Discord lists a server's members only to bots with the privileged
   * Server Members intent, which quizbot does not ask for, but it gives any bot the server's approximate
   * member count (https://discord.com/developers/docs/resources/guild#get-guild, `with_counts`). Everyone
   * who answers is a member, so once that many less the bot itself have answered, nobody is left; members
   * who cannot see the channel, and other bots, only keep question 1 open to its timer. A direct message
   * holds one member. Asked once per round.
   */
  async channelPresence(place: Place): Promise<ChannelPresence> {
    try {
      if (place.workspaceId === "dm") {
        const channel = (await this.client.rest.get(Routes.channel(place.channelId))) as APIChannel;
        return channel.type === ChannelType.DM ? { kind: "at_most", count: 1 } : { kind: "unknown" };
      }
      const guild = (await this.client.rest.get(Routes.guild(place.workspaceId), {
        query: new URLSearchParams({ with_counts: "true" }),
      })) as APIGuild;
      const members = guild.approximate_member_count ?? 0;
      return members > 1 ? { kind: "at_most", count: members - 1 } : { kind: "unknown" };
    } catch (error) {
      this.logger.warn({ err: redactDiscordError(error), place }, "Discord member count unavailable");
      return { kind: "unknown" };
    }
  }

  /** The view as a Discord message, with its picture attached when one is drawn (the text version if not). */
  private async render(view: View): Promise<DiscordMessage> {
    const message = present(view, this.capabilities, { admins: discordAdmins });
    const drawn = await withPicture(message, this.options.pictures, this.logger);
    return renderMessage(drawn.message, drawn.image);
  }

  private async postToChannel(channelId: string, message: DiscordMessage): Promise<MessageRef> {
    const { body, files } = restPayload(message);
    const sent = (await this.client.rest.post(Routes.channelMessages(channelId), {
      body,
      files,
    })) as APIMessage;
    return { platform: "discord", channelId: sent.channel_id, messageId: sent.id };
  }

  private async editChannelMessage(ref: MessageRef, message: DiscordMessage): Promise<void> {
    const { body, files } = restPayload(message);
    await this.client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body, files });
  }

  /** Turns one interaction into an event; an exception in the handler is logged and answered, never rethrown. */
  private async dispatch(interaction: Interaction, handler: EventHandler): Promise<void> {
    if (interaction.isAutocomplete()) {
      await handler(this.autocompleteEvent(interaction));
      return;
    }
    if (
      !(
        interaction.isChatInputCommand() ||
        interaction.isMessageContextMenuCommand() ||
        interaction.isButton() ||
        interaction.isStringSelectMenu() ||
        interaction.isModalSubmit()
      )
    ) {
      this.logger.debug({ type: interaction.type }, "interaction type not handled");
      return;
    }
    const reply = this.responder(interaction);
    try {
      const event = this.translate(interaction, reply);
      if (event) await handler(event);
    } catch (error) {
      this.logger.error(
        { err: redactDiscordError(error), interactionId: interaction.id },
        "handler failed for an interaction",
      );
      if (!reply.answered) {
        await reply
          .private({ kind: "notice", notice: { code: "internal_error" } })
          .catch((replyError: unknown) =>
            this.logger.warn({ err: replyError }, "could not report the failure"),
          );
      }
    } finally {
      reply.settle();
    }
  }

  private responder(interaction: RepliableInteraction): InteractionResponder {
    return new InteractionResponder(interaction, {
      render: (view) => this.render(view),
      postToChannel: (channelId, message) => this.postToChannel(channelId, message),
      editChannelMessage: (ref, message) => this.editChannelMessage(ref, message),
      logger: this.logger,
      now: this.now,
      autoDeferMs: this.options.autoDeferMs ?? 2_500,
    });
  }

  /** `undefined` when the interaction was answered here (bad options) and the handler must not see it. */
  private translate(
    interaction: RepliableInteraction,
    reply: InteractionResponder,
  ): IncomingEvent | undefined {
    const base = {
      user: userOf(interaction, this.options.adminRole),
      place: placeOf(interaction),
      deliveryId: interaction.id,
      receivedAt: new Date(this.now()),
      reply,
    };
    if (interaction.isChatInputCommand()) {
      const parsed = parseChatInput(interaction);
      if (!parsed.ok) {
        void reply
          .private({ kind: "notice", notice: parsed.error })
          .catch((error: unknown) => this.logger.warn({ err: error }, "could not explain an invalid option"));
        return undefined;
      }
      const { name, subcommand, options } = parsed.value;
      return { ...base, type: "command", name, ...(subcommand ? { subcommand } : {}), options };
    }
    if (interaction.isMessageContextMenuCommand()) {
      const target = interaction.targetMessage;
      return {
        ...base,
        type: "message_command",
        name:
          interaction.commandName === runReviewMessageCommand.name
            ? runReviewMessageCommand.id
            : interaction.commandName,
        targetText: target.content,
        targetAuthor: authorOf(target.author, target.member),
      };
    }
    if (interaction.isButton() || interaction.isStringSelectMenu()) {
      return {
        ...base,
        type: "button",
        actionId: interaction.customId,
        ...(interaction.isStringSelectMenu() ? { values: [...interaction.values] } : {}),
        message: {
          platform: "discord",
          channelId: interaction.message.channelId,
          messageId: interaction.message.id,
        },
      };
    }
    const fields: Record<string, string> = {};
    for (const [id, field] of interaction.fields.fields) {
      if ("value" in field && typeof field.value === "string") fields[id] = field.value;
    }
    return { ...base, type: "form", formId: interaction.customId, fields };
  }

  private autocompleteEvent(interaction: AutocompleteInteraction): IncomingEvent {
    const { subcommand, option, partial, kind } = parseAutocomplete(interaction);
    return {
      type: "autocomplete",
      user: userOf(interaction, this.options.adminRole),
      place: placeOf(interaction),
      name: interaction.commandName,
      ...(subcommand ? { subcommand } : {}),
      option,
      ...(kind ? { kind } : {}),
      partial,
      respond: async (choices) => {
        // Discord shows at most 25 choices of at most 100 characters each.
        const trimmed = choices.slice(0, 25).map((choice) => ({
          name: choice.name.slice(0, 100),
          value: choice.value.slice(0, 100),
        }));
        await interaction.respond(trimmed).catch((error: unknown) => {
          throw redactDiscordError(error);
        });
      },
    };
  }
}

/** What `isAdmin` checks on Discord (translate-interaction.ts). */
const discordAdmins = "members with the Manage Server permission or the bot's admin role";
