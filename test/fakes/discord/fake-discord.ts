import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGateway, shardOfGuild } from "./fake-gateway.js";
import { FakeRestApi, type InteractionRecord } from "./fake-rest-api.js";
import { InteractionSender } from "./interaction-sender.js";
import { parseMultipart, type ReceivedFile } from "./multipart.js";
import {
  type FakeGuild,
  type FakeUser,
  guildCreatePayload,
  type StoredMessage,
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
  readonly api: FakeRestApi;
  readonly gateway: FakeGateway;
  readonly send: InteractionSender;
  private readonly failures: InjectedFailure[] = [];
  private readonly waiters = new Set<() => void>();
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
      onIdentify: (identity, sessionId) => {
        // Each shard hears of its own guilds only, in READY and in the GUILD_CREATE that follow.
        const [shardId, shardCount] = identity.shard ?? [0, 1];
        const guilds = this.guilds.filter((guild) => shardOfGuild(guild.id, shardCount) === shardId);
        return {
          ready: {
            v: 10,
            user: userPayload(this.bot),
            guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
            session_id: sessionId,
            resume_gateway_url: this.gateway.url,
            application: { id: this.applicationId, flags: 0 },
            shard: [shardId, shardCount],
          },
          after: guilds.map((guild) => ({ t: "GUILD_CREATE", d: guildCreatePayload(guild, this.bot) })),
        };
      },
    });
    this.api = new FakeRestApi({
      applicationId: this.applicationId,
      bot: this.bot,
      guilds: this.guilds,
      gatewayUrl: () => this.gateway.url,
    });
    this.send = new InteractionSender(this);
  }

  /** Messages the bot sent or edited, by id. */
  get messages(): Map<string, StoredMessage> {
    return this.api.messages;
  }

  /** Commands from the last PUT, by scope ("global" or the guild id). */
  get registeredCommands(): Map<string, Record<string, unknown>[]> {
    return this.api.registeredCommands;
  }

  /** Routes the fake does not know; a test should expect none. */
  get unknownRoutes(): readonly string[] {
    return this.api.unknownRoutes;
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

  /** The server's member count from now on (the bot included), as Discord's `with_counts` reports it. */
  setMemberCount(count: number, guildId = this.guild.id): void {
    this.api.memberCounts.set(guildId, count);
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
    this.api.expiredTokens.add(token);
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
    this.api.interactions.set(token, record);
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
      ({ status, payload } = this.api.route(
        method,
        path,
        url.searchParams,
        (body ?? {}) as Record<string, unknown>,
        files,
      ));
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
}

export type { FakeGuild, FakeUser, StoredMessage };
