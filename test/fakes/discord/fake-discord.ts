import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGateway } from "./fake-gateway.js";
import { InteractionSender } from "./interaction-sender.js";
import { parseMultipart, type ReceivedFile } from "./multipart.js";
import {
  type FakeGuild,
  type FakeUser,
  guildCreatePayload,
  messagePayload,
  type StoredMessage,
  snowflake,
  userPayload,
} from "./payloads.js";

/** One HTTP request the bot made, as the tests assert on it. */
export interface RecordedRequest {
  readonly index: number;
  readonly method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The JSON body, or the `payload_json` part of a multipart body. */
  readonly body: unknown;
  readonly files: readonly ReceivedFile[];
  readonly authorization: string | undefined;
  readonly status: number;
}

interface InjectedFailure {
  readonly match: (method: string, path: string) => boolean;
  remaining: number;
  readonly status: number;
  readonly retryAfterSeconds: number;
  readonly global: boolean;
}

interface InteractionRecord {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | undefined;
  /** The message a component was on (updated by type 7 / deferred update + edit). */
  readonly sourceMessageId: string | undefined;
  originalId: string | undefined;
}

type Json = Record<string, unknown>;

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly applicationId?: string;
  readonly guilds?: readonly FakeGuild[];
  readonly heartbeatIntervalMs?: number;
}

/**
 * A local Discord for end-to-end tests: REST on node:http and the gateway on `ws`, both on 127.0.0.1 with
 * random ports. It keeps the messages the bot sent so buttons can be pressed on them, records every
 * request, and can answer chosen calls with 429 or drop the gateway connection.
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guilds: readonly FakeGuild[];
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly registeredCommands = new Map<string, Json[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly unknownRoutes: string[] = [];
  readonly gateway: FakeGateway;
  readonly send: InteractionSender;
  private readonly failures: InjectedFailure[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly expiredTokens = new Set<string>();
  private server: Server | undefined;

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? "fake-bot-token.abcdef.0123456789";
    this.applicationId = options.applicationId ?? "100000000000000001";
    this.bot = { id: this.applicationId, username: "quizbot", bot: true };
    this.guilds = options.guilds ?? [
      {
        id: "200000000000000001",
        name: "Study group",
        channelIds: ["300000000000000001"],
        roles: [{ id: "400000000000000001", name: "Quiz Admin" }],
      },
    ];
    this.gateway = new FakeGateway({
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      onIdentify: (_identity, sessionId) => ({
        ready: {
          v: 10,
          user: userPayload(this.bot),
          guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: this.gateway.url,
          application: { id: this.applicationId, flags: 0 },
        },
        after: this.guilds.map((guild) => ({ t: "GUILD_CREATE", d: guildCreatePayload(guild, this.bot) })),
      }),
    });
    this.send = new InteractionSender(this);
  }

  /** REST base to give the bot as DISCORD_API_URL. */
  get apiUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("fake Discord is not listening");
    return `http://127.0.0.1:${address.port}/api`;
  }

  get guild(): FakeGuild {
    const [first] = this.guilds;
    if (!first) throw new Error("fake Discord has no guild");
    return first;
  }

  get channelId(): string {
    const [first] = this.guild.channelIds;
    if (!first) throw new Error("fake guild has no channel");
    return first;
  }

  async start(): Promise<this> {
    await this.gateway.listen();
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        console.error("fake Discord: handler failed", error);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Answers the next `times` matching calls with `status` (429 by default) and a Retry-After header. */
  failNext(
    match: (method: string, path: string) => boolean,
    options: { times?: number; status?: number; retryAfterSeconds?: number; global?: boolean } = {},
  ): void {
    this.failures.push({
      match,
      remaining: options.times ?? 1,
      status: options.status ?? 429,
      retryAfterSeconds: options.retryAfterSeconds ?? 0.2,
      global: options.global ?? false,
    });
  }

  /** Makes Discord refuse this interaction token, as it does 15 minutes after the interaction. */
  expireInteractionToken(token: string): void {
    this.expiredTokens.add(token);
  }

  /** The first recorded request matching `predicate` from index `from` on, waiting for it if need be. */
  async waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<RecordedRequest> {
    const from = options.from ?? 0;
    const find = () => this.requests.slice(from).find(predicate);
    const found = find();
    if (found) return found;
    return await new Promise<RecordedRequest>((resolve, reject) => {
      const check = () => {
        const match = find();
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.requests.slice(from).map((request) => `${request.method} ${request.path}`);
        reject(
          new Error(
            `fake Discord: no matching request within ${options.timeoutMs ?? 5000} ms; saw:\n${seen.join("\n")}`,
          ),
        );
      }, options.timeoutMs ?? 5000);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Requests received after `from` (an index, e.g. `requests.length` before an action). */
  requestsSince(from: number): RecordedRequest[] {
    return this.requests.slice(from);
  }

  channelMessages(channelId: string = this.channelId): StoredMessage[] {
    return [...this.messages.values()].filter((message) => message.channel_id === channelId);
  }

  registerInteraction(record: InteractionRecord, token: string): void {
    this.interactions.set(token, record);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname)
      .replace(/^\/api/, "")
      .replace(/^\/v\d+/, "");
    const method = request.method ?? "GET";
    const contentType = request.headers["content-type"] ?? "";
    let body: unknown;
    let files: ReceivedFile[] = [];
    if (contentType.startsWith("multipart/form-data"))
      ({ json: body, files } = parseMultipart(raw, contentType));
    else if (raw.length > 0) body = JSON.parse(raw.toString("utf8"));

    const failure = this.failures.find(
      (candidate) => candidate.remaining > 0 && candidate.match(method, path),
    );
    let status: number;
    let payload: unknown;
    if (failure) {
      failure.remaining -= 1;
      status = failure.status;
      payload =
        failure.status === 429
          ? {
              message: "You are being rate limited.",
              retry_after: failure.retryAfterSeconds,
              global: failure.global,
            }
          : { message: "Injected failure", code: 0 };
      if (failure.status === 429) {
        response.setHeader("Retry-After", String(failure.retryAfterSeconds));
        if (failure.global) response.setHeader("X-RateLimit-Global", "true");
        response.setHeader("X-RateLimit-Scope", failure.global ? "global" : "user");
      }
    } else {
      ({ status, payload } = this.route(method, path, url.searchParams, (body ?? {}) as Json, files));
    }
    this.requests.push({
      index: this.requests.length,
      method,
      path,
      query: url.searchParams,
      body,
      files,
      authorization: request.headers.authorization,
      status,
    });
    if (payload === undefined) response.writeHead(status).end();
    else response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    for (const waiter of [...this.waiters]) waiter();
  }

  private route(
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
          url: this.gateway.url,
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

export type { FakeGuild, FakeUser, StoredMessage };
