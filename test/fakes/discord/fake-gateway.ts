import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** Gateway opcodes the fake speaks (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes). */
const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Hello: 10, HeartbeatAck: 11 } as const;

export interface GatewayIdentity {
  readonly token: string;
  readonly intents: number;
  readonly shard?: readonly [number, number];
}

export interface FakeGatewayOptions {
  /** Builds the READY payload and the dispatches that follow it (GUILD_CREATE for each guild). */
  readonly onIdentify: (
    identity: GatewayIdentity,
    sessionId: string,
  ) => { ready: unknown; after: { t: string; d: unknown }[] };
  readonly heartbeatIntervalMs: number;
}

interface Session {
  readonly socket: WebSocket;
  sequence: number;
  ready: boolean;
  sessionId: string;
  /** `[shard_id, num_shards]` from IDENTIFY; `[0, 1]` when the client sent none. */
  shard: readonly [number, number];
}

/** Close code for an IDENTIFY whose shard is not one of its own count (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes). */
export const invalidShardCloseCode = 4010;

/** The shard that receives a guild's events: Discord's `(guild_id >> 22) % num_shards` (https://discord.com/developers/docs/events/gateway#sharding). */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A Discord gateway on 127.0.0.1 (the `ws` package): HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats,
 * RESUME -> RESUMED, and dispatches pushed by the test. Sharded as Discord is: an IDENTIFY carries
 * `[shard_id, num_shards]` (an impossible pair is closed with 4010), a guild's events go only to the
 * connections of the shard that owns it, and direct-message events only to shard 0. Uncompressed JSON
 * only, which is what discord.js asks for without zlib-sync.
 */
export class FakeGateway {
  private server: WebSocketServer | undefined;
  private readonly sessions = new Set<Session>();
  private sessionCounter = 0;
  /** Each session id's shard, so a RESUME goes on receiving its shard's events. */
  private readonly shardOfSession = new Map<string, readonly [number, number]>();
  readonly identifies: GatewayIdentity[] = [];
  resumes = 0;
  heartbeats = 0;

  constructor(private readonly options: FakeGatewayOptions) {}

  async listen(): Promise<string> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    server.on("connection", (socket) => this.accept(socket));
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("fake gateway is not listening");
    return `ws://127.0.0.1:${address.port}`;
  }

  /**
   * Sends a dispatch to every identified session of the shard it belongs to: the guild's shard for an
   * event with `guild_id` (or a GUILD_* event's own `id`), shard 0 for the rest, such as direct messages.
   */
  dispatch(t: string, d: unknown): void {
    const guildId = guildOf(t, d);
    for (const session of this.sessions) {
      if (!session.ready) continue;
      const [shardId, shardCount] = session.shard;
      const owner = guildId === undefined ? 0 : shardOfGuild(guildId, shardCount);
      if (owner === shardId) this.send(session, { op: Op.Dispatch, t, d });
    }
  }

  /** The shards of the identified sessions, e.g. `[[0, 2], [1, 2]]`. */
  get connectedShards(): (readonly [number, number])[] {
    return [...this.sessions].filter((session) => session.ready).map((session) => session.shard);
  }

  get connectedSessions(): number {
    return [...this.sessions].filter((session) => session.ready).length;
  }

  /** Drops every connection with a resumable close code, as Discord does during maintenance. */
  dropConnections(code = 4000): void {
    for (const session of this.sessions) session.socket.close(code, "fake gateway drop");
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const session: Session = { socket, sequence: 0, ready: false, sessionId: "", shard: [0, 1] };
    this.sessions.add(session);
    socket.on("close", () => this.sessions.delete(session));
    socket.on("message", (raw) => this.receive(session, raw.toString()));
    this.send(session, { op: Op.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private receive(session: Session, raw: string): void {
    const payload = JSON.parse(raw) as { op: number; d: Record<string, unknown> | number | null };
    const data = typeof payload.d === "object" && payload.d !== null ? payload.d : {};
    if (payload.op === Op.Heartbeat) {
      this.heartbeats += 1;
      this.send(session, { op: Op.HeartbeatAck });
      return;
    }
    if (payload.op === Op.Identify) {
      const identity: GatewayIdentity = {
        token: String(data.token),
        intents: Number(data.intents),
        ...(Array.isArray(data.shard)
          ? { shard: [Number(data.shard[0]), Number(data.shard[1])] as const }
          : {}),
      };
      this.identifies.push(identity);
      const [shardId, shardCount] = identity.shard ?? [0, 1];
      if (!(Number.isInteger(shardCount) && shardCount >= 1 && shardId >= 0 && shardId < shardCount)) {
        session.socket.close(invalidShardCloseCode, "Invalid shard.");
        return;
      }
      session.shard = [shardId, shardCount];
      this.sessionCounter += 1;
      session.sessionId = `fake-session-${this.sessionCounter}`;
      this.shardOfSession.set(session.sessionId, session.shard);
      const { ready, after } = this.options.onIdentify(identity, session.sessionId);
      session.ready = true;
      this.send(session, { op: Op.Dispatch, t: "READY", d: ready });
      for (const event of after) this.send(session, { op: Op.Dispatch, ...event });
      return;
    }
    if (payload.op === Op.Resume) {
      this.resumes += 1;
      session.sessionId = String(data.session_id);
      session.shard = this.shardOfSession.get(session.sessionId) ?? [0, 1];
      session.sequence = Number(data.seq ?? 0);
      session.ready = true;
      this.send(session, { op: Op.Dispatch, t: "RESUMED", d: {} });
    }
  }

  private send(session: Session, payload: { op: number; t?: string; d?: unknown }): void {
    if (session.socket.readyState !== session.socket.OPEN) return;
    const frame =
      payload.op === Op.Dispatch ? { ...payload, s: ++session.sequence } : { ...payload, s: null, t: null };
    session.socket.send(JSON.stringify(frame));
  }
}

function guildOf(t: string, d: unknown): string | undefined {
  if (typeof d !== "object" || d === null) return undefined;
  const fields = d as { guild_id?: unknown; id?: unknown };
  if (typeof fields.guild_id === "string") return fields.guild_id;
  if (t.startsWith("GUILD_") && typeof fields.id === "string") return fields.id;
  return undefined;
}
