import type { ReceivedFile } from "./multipart.js";
import {
  channelPayload,
  defaultMemberCount,
  type FakeGuild,
  type FakeUser,
  guildCreatePayload,
  messagePayload,
  type StoredMessage,
  snowflake,
  userPayload,
} from "./payloads.js";

/** The fake's record of one interaction it delivered, to route the bot's answers to it. */
export interface InteractionRecord {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | undefined;
  /** The message a component was on (updated by type 7 / deferred update + edit). */
  readonly sourceMessageId: string | undefined;
  originalId: string | undefined;
}

type Json = Record<string, unknown>;

export interface FakeRestOptions {
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guilds: readonly FakeGuild[];
  readonly gatewayUrl: () => string;
}

/**
 * The REST routes of the fake Discord and the state behind them: messages the bot sent (so buttons can be
 * pressed on them), registered commands, and the interactions awaiting answers
 * (https://discord.com/developers/docs/interactions/receiving-and-responding).
 */
export class FakeRestApi {
  readonly messages = new Map<string, StoredMessage>();
  readonly registeredCommands = new Map<string, Json[]>();
  /** By interaction token. */
  readonly interactions = new Map<string, InteractionRecord>();
  readonly expiredTokens = new Set<string>();
  readonly unknownRoutes: string[] = [];
  /** Member counts set by a test after start, by guild id (members joined or left). */
  readonly memberCounts = new Map<string, number>();
  private readonly applicationId: string;
  private readonly bot: FakeUser;
  private readonly guilds: readonly FakeGuild[];
  private readonly gatewayUrl: () => string;

  constructor(options: FakeRestOptions) {
    this.applicationId = options.applicationId;
    this.bot = options.bot;
    this.guilds = options.guilds;
    this.gatewayUrl = options.gatewayUrl;
  }

  route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Json,
    files: ReceivedFile[],
  ): { status: number; payload?: unknown } {
    const parts = path.split("/").filter(Boolean);
    const is = (pattern: string) => matches(pattern, parts);
    const attachments = files.map((file, index) => ({
      id: String(index),
      filename: file.filename,
      size: file.content.length,
    }));

    if (method === "GET" && is("gateway/bot")) {
      return {
        status: 200,
        payload: {
          url: this.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (method === "GET" && is("users/@me")) return { status: 200, payload: userPayload(this.bot) };
    if (method === "PUT" && (is("applications/*/commands") || is("applications/*/guilds/*/commands"))) {
      const scope = parts.length === 3 ? "global" : (parts[3] ?? "");
      const commands = (Array.isArray(body) ? body : []) as Json[];
      const created = commands.map((command) => ({
        ...command,
        id: snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
      }));
      this.registeredCommands.set(scope, created);
      return { status: 200, payload: created };
    }
    if (method === "POST" && is("interactions/*/*/callback"))
      return this.interactionCallback(parts[1] ?? "", query, body, attachments);
    if (parts[0] === "webhooks" && parts[2] && this.expiredTokens.has(parts[2])) {
      return { status: 401, payload: { message: "Invalid Webhook Token", code: 50027 } };
    }
    if (method === "PATCH" && is("webhooks/*/*/messages/*")) {
      const record = this.interactions.get(parts[2] ?? "");
      const id = parts[4] === "@original" ? record?.originalId : parts[4];
      const message = id ? this.messages.get(id) : undefined;
      if (!message) return notFound(10008, "Unknown Message");
      return { status: 200, payload: messagePayload(this.editMessage(message, body, attachments)) };
    }
    if (method === "DELETE" && is("webhooks/*/*/messages/*")) {
      const record = this.interactions.get(parts[2] ?? "");
      const id = parts[4] === "@original" ? record?.originalId : parts[4];
      if (id) this.messages.delete(id);
      return { status: 204 };
    }
    if (method === "POST" && is("webhooks/*/*")) {
      const record = this.interactions.get(parts[2] ?? "");
      if (!record) return notFound(10015, "Unknown Webhook");
      const message = this.createMessage(record.channelId, record.guildId, body, attachments);
      return { status: 200, payload: messagePayload(message) };
    }
    if (method === "POST" && is("channels/*/messages")) {
      const channelId = parts[1] ?? "";
      const guild = this.guilds.find((candidate) => candidate.channelIds.includes(channelId));
      const message = this.createMessage(channelId, guild?.id, body, attachments);
      return { status: 200, payload: messagePayload(message) };
    }
    if (method === "PATCH" && is("channels/*/messages/*")) {
      const message = this.messages.get(parts[3] ?? "");
      if (!message || message.channel_id !== parts[1]) return notFound(10008, "Unknown Message");
      return { status: 200, payload: messagePayload(this.editMessage(message, body, attachments)) };
    }
    if (method === "GET" && is("guilds/*")) {
      // GET /guilds/{id}?with_counts=true: what quizbot asks for a server's member count.
      const guild = this.guilds.find((candidate) => candidate.id === parts[1]);
      if (!guild) return notFound(10004, "Unknown Guild");
      const counts = query.get("with_counts") === "true";
      return {
        status: 200,
        payload: {
          ...guildCreatePayload(guild, this.bot),
          ...(counts
            ? {
                approximate_member_count:
                  this.memberCounts.get(guild.id) ?? guild.memberCount ?? defaultMemberCount,
              }
            : {}),
        },
      };
    }
    if (method === "GET" && is("channels/*")) {
      const channelId = parts[1] ?? "";
      const guild = this.guilds.find((candidate) => candidate.channelIds.includes(channelId));
      if (guild) return { status: 200, payload: channelPayload(guild.id, channelId) };
      // The fake's direct-message channels are the ones `users/@me/channels` opens: "9" and the user's id.
      if (channelId.startsWith("9"))
        return { status: 200, payload: { id: channelId, type: 1, recipients: [] } };
      return notFound(10003, "Unknown Channel");
    }
    if (method === "POST" && is("users/@me/channels")) {
      const recipient = String(body.recipient_id ?? "");
      return {
        status: 200,
        payload: {
          id: `9${recipient.slice(1)}`,
          type: 1,
          recipients: [{ id: recipient, username: "member", discriminator: "0", avatar: null }],
        },
      };
    }
    console.error(`fake Discord: UNKNOWN ROUTE ${method} ${path}`);
    this.unknownRoutes.push(`${method} ${path}`);
    return notFound(0, "404: Not Found");
  }

  private interactionCallback(
    interactionId: string,
    query: URLSearchParams,
    body: Json,
    attachments: unknown[],
  ): { status: number; payload?: unknown } {
    const entry = [...this.interactions.entries()].find(([, record]) => record.id === interactionId);
    if (!entry) return notFound(10062, "Unknown interaction");
    const [token, record] = entry;
    const type = Number(body.type);
    const data = (body.data ?? {}) as Json;
    let message: StoredMessage | undefined;
    if (type === 4 || type === 5) {
      // 4: reply with a message; 5: "thinking..." placeholder that a later PATCH @original fills in.
      if (record.originalId)
        return {
          status: 400,
          payload: { message: "Interaction has already been acknowledged.", code: 40060 },
        };
      message = this.createMessage(
        record.channelId,
        record.guildId,
        type === 4 ? data : { flags: data.flags },
        attachments,
        token,
      );
      record.originalId = message.id;
    } else if (type === 7 || type === 6) {
      // 7: update the component's message now; 6: acknowledge, edit it later through @original.
      record.originalId = record.sourceMessageId;
      const source = record.sourceMessageId ? this.messages.get(record.sourceMessageId) : undefined;
      if (type === 7 && source) message = this.editMessage(source, data, attachments);
    }
    if (query.get("with_response") !== "true") return { status: 204 };
    return {
      status: 200,
      payload: {
        interaction: {
          id: interactionId,
          type: 2,
          response_message_id: message?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: ((message?.flags ?? 0) & 64) === 64,
        },
        resource: { type, ...(message ? { message: messagePayload(message) } : {}) },
      },
    };
  }

  private createMessage(
    channelId: string,
    guildId: string | undefined,
    body: Json,
    attachments: unknown[],
    token?: string,
  ): StoredMessage {
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: userPayload(this.bot),
      content: typeof body.content === "string" ? body.content : "",
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      attachments,
      flags: Number(body.flags ?? 0),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(token ? { interaction_token: token } : {}),
    };
    this.messages.set(message.id, message);
    return message;
  }

  private editMessage(message: StoredMessage, body: Json, attachments: unknown[]): StoredMessage {
    if (typeof body.content === "string") message.content = body.content;
    if (Array.isArray(body.embeds)) message.embeds = body.embeds;
    if (Array.isArray(body.components)) message.components = body.components;
    if (attachments.length > 0 || Array.isArray(body.attachments)) message.attachments = attachments;
    message.edited_timestamp = new Date().toISOString();
    return message;
  }
}

function matches(pattern: string, parts: readonly string[]): boolean {
  const expected = pattern.split("/");
  return (
    expected.length === parts.length &&
    expected.every((segment, index) => segment === "*" || segment === parts[index])
  );
}

function notFound(code: number, message: string): { status: number; payload: unknown } {
  return { status: 404, payload: { message, code } };
}
