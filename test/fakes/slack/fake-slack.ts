import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseMultipart } from "../discord/multipart.js";
import { FakeFiles } from "./fake-files.js";
import { FakeSocketMode } from "./fake-socket-mode.js";

/** One Web API call as the fake received it, with JSON-looking form fields already parsed. */
export interface RecordedCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The bearer token the call carried (tests check which token was used, never print it). */
  readonly token: string | undefined;
  /** What the fake answered (its JSON body). */
  readonly answer: unknown;
}

export interface RecordedResponse {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
  readonly isAdmin?: boolean;
  readonly isOwner?: boolean;
}

type Answer = { readonly status: number; readonly headers?: Record<string, string>; readonly body: unknown };

export const fakeBotUserId = "UBOT";
export const fakeTeamId = "T0FAKE";

/**
 * A local stand-in for slack.com on 127.0.0.1: the Web API methods quizbot calls, `response_url`s, file
 * uploads and a Socket Mode WebSocket. It records what it receives so tests assert on what a real workspace
 * would have shown, and it can misbehave on purpose (429 with Retry-After, errors, dropped sockets).
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  /** response_url bodies refused (an image block naming a file not ready), not shown to anyone. */
  readonly refusedResponses: RecordedResponse[] = [];
  readonly uploads: { readonly fileId: string; readonly bytes: number; readonly data: Buffer }[] = [];
  readonly users = new Map<string, FakeUser>();
  /**
   * Each channel's members besides the bot, for `conversations.members`; a channel not set here holds the
   * bot alone (so a test that does not care leaves question 1 to its timer).
   */
  readonly channelMembers = new Map<string, readonly string[]>();
  readonly socket: FakeSocketMode;
  /** Uploaded files, shared or private, and how long Slack takes to process them (see FakeFiles). */
  readonly files = new FakeFiles();
  /**
   * Scopes the bot token lacks: a method that needs one answers `missing_scope` with `needed`, as Slack
   * does for an app installed before its manifest asked for the scope.
   */
  readonly missingScopes = new Set<string>();
  private readonly overrides = new Map<string, Answer[]>();
  private readonly waiters = new Set<() => void>();
  /** When set, response_urls answer 404 as Slack does after 30 minutes or five uses. */
  responseUrlsExpired = false;
  private tsCounter = 0;
  private responseCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {
    this.socket = new FakeSocketMode(server);
  }

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlack(server, `http://127.0.0.1:${port}`);
    server.on("request", (request, response) => {
      fake.handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
    return fake;
  }

  /** What SLACK_API_URL points at (with the trailing slash the Web API client expects). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response_url for one delivered command or action. */
  responseUrl(): string {
    this.responseCounter += 1;
    return `${this.baseUrl}/response/${this.responseCounter}`;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The next `times` calls to `method` get HTTP 429 with Retry-After, as Slack's rate limiter answers. */
  rateLimit(method: string, retryAfterSeconds: number, times = 1): void {
    for (let i = 0; i < times; i += 1) {
      this.queue(method, {
        status: 429,
        headers: { "retry-after": String(retryAfterSeconds) },
        body: { ok: false, error: "ratelimited" },
      });
    }
  }

  /** The next call to `method` fails with a Slack platform error such as `not_in_channel`. */
  failNext(method: string, error: string): void {
    this.queue(method, { status: 200, body: { ok: false, error } });
  }

  /** Resolves once `predicate` holds over what the fake has received. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error("FakeSlack.waitFor timed out"));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private queue(method: string, answer: Answer): void {
    const list = this.overrides.get(method) ?? [];
    list.push(answer);
    this.overrides.set(method, list);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.baseUrl);
    const raw = await readBody(request);
    if (url.pathname.startsWith("/response/")) {
      if (this.responseUrlsExpired)
        return send(response, { status: 404, body: { ok: false, error: "expired_url" } });
      const body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
      // A response_url refuses what chat.postEphemeral would, answering 404 with the error as its body.
      const refused = this.files.refusal(body.blocks);
      if (refused) {
        this.refusedResponses.push({ id: url.pathname.slice("/response/".length), body });
        this.notify();
        return send(response, { status: 404, body: refused });
      }
      this.responses.push({ id: url.pathname.slice("/response/".length), body });
      this.notify();
      return send(response, { status: 200, body: { ok: true } });
    }
    if (url.pathname.startsWith("/upload/")) {
      // The Web API client posts the file as multipart/form-data; Slack takes that or the raw bytes.
      const contentType = request.headers["content-type"] ?? "";
      const data = contentType.startsWith("multipart/form-data")
        ? (parseMultipart(raw, contentType).files[0]?.bytes ?? Buffer.alloc(0))
        : raw;
      this.uploads.push({ fileId: url.pathname.slice("/upload/".length), bytes: data.length, data });
      this.notify();
      response.end(`OK - ${data.length}`);
      return;
    }
    if (!url.pathname.startsWith("/api/")) return send(response, { status: 404, body: { ok: false } });
    const method = url.pathname.slice("/api/".length);
    const authorization = request.headers.authorization;
    const args = parseArgs(raw, request.headers["content-type"]);
    const token =
      authorization?.replace(/^Bearer /, "") ?? (typeof args.token === "string" ? args.token : undefined);
    delete args.token;
    const override = this.overrides.get(method)?.shift();
    const answer = override ?? { status: 200, body: this.refusal(method, args) ?? this.answer(method, args) };
    this.calls.push({ method, args, token, answer: answer.body });
    send(response, answer);
    this.notify();
  }

  /** Why Slack would refuse this call before doing it: a missing scope, or blocks naming a file not ready. */
  private refusal(method: string, args: Record<string, unknown>): unknown {
    const needed = scopeNeeded[method];
    if (needed && this.missingScopes.has(needed)) {
      const provided = [...grantedScopes].filter((scope) => !this.missingScopes.has(scope)).join(",");
      return { ok: false, error: "missing_scope", needed, provided };
    }
    if (method === "chat.postMessage" || method === "chat.postEphemeral" || method === "chat.update") {
      return this.files.refusal(args.blocks);
    }
    return undefined;
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    const channel = typeof args.channel === "string" ? args.channel : undefined;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.test/",
          team: "Fake",
          user: "quizbot",
          team_id: fakeTeamId,
          user_id: fakeBotUserId,
          bot_id: "BBOT",
        };
      case "apps.connections.open":
        return { ok: true, url: this.socket.url(this.baseUrl) };
      case "chat.postMessage":
        return { ok: true, channel, ts: this.nextTs(), message: { text: args.text } };
      case "chat.update":
        return { ok: true, channel, ts: args.ts, text: args.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: this.nextTs() };
      case "conversations.members": {
        // Paged as Slack pages it: `limit` per page, an opaque `next_cursor` ("" on the last page).
        const all = [fakeBotUserId, ...(this.channelMembers.get(channel ?? "") ?? [])];
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const end = start + limit;
        return {
          ok: true,
          members: all.slice(start, end),
          response_metadata: { next_cursor: end < all.length ? String(end) : "" },
        };
      }
      case "conversations.open": {
        const users = String(args.users ?? "");
        return { ok: true, channel: { id: `D${users}` } };
      }
      case "views.open":
      case "views.publish":
        return { ok: true, view: { id: `V${this.calls.length}` } };
      case "users.info": {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            real_name: user.name,
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            profile: { display_name: user.displayName ?? "", real_name: user.name },
          },
        };
      }
      case "files.getUploadURLExternal":
        return this.files.reserve(args, this.baseUrl);
      case "files.completeUploadExternal":
        return this.files.complete(args);
      case "files.info":
        return this.files.info(args);
      case "files.delete":
        return this.files.delete(args);
      default:
        return { ok: true };
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, "0")}`;
  }
}

/** The scopes quizbot's manifest asks for, and files:read, which SLACK_PRIVATE_PICTURES needs on top. */
const grantedScopes = new Set([
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "im:write",
  "files:write",
  "files:read",
  "channels:history",
  "groups:history",
  "channels:read",
  "groups:read",
]);

/** The scope each Web API method quizbot calls needs (https://docs.slack.dev/reference/methods). */
const scopeNeeded: Readonly<Record<string, string>> = {
  "chat.postMessage": "chat:write",
  "chat.postEphemeral": "chat:write",
  "chat.update": "chat:write",
  "users.info": "users:read",
  "conversations.open": "im:write",
  "conversations.members": "channels:read",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
  "files.delete": "files:write",
  "files.info": "files:read",
};

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The Web API client sends form-encoded fields with objects JSON-encoded inside them, or JSON. */
function parseArgs(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (text === "") return {};
  if (contentType?.includes("application/json")) return JSON.parse(text) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
  response.end(JSON.stringify(answer.body));
}
