import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** Where `spread` sent one envelope: the open connections it tried, by index, in order. */
export interface SpreadDelivery {
  readonly ack: unknown;
  readonly attempts: readonly number[];
}

/**
 * Slack's side of Socket Mode (https://docs.slack.dev/apis/events-api/using-socket-mode): greets each
 * connection with `hello`, delivers envelopes, and resolves each delivery with the payload of the app's
 * `{ envelope_id, payload }` acknowledgement. With several connections (Slack allows an app up to ten,
 * e.g. one per process) `spread` sends each envelope to one of them, and again to the next with
 * `retry_attempt` raised when it is not acknowledged in time, as Slack does.
 */
export class FakeSocketMode {
  /** Every connection ever opened, so a reconnect test can count them. */
  connectionCount = 0;
  private readonly server: WebSocketServer;
  private readonly open = new Set<WebSocket>();
  private readonly pending = new Map<string, (payload: unknown) => void>();
  private readonly connectionWaiters = new Set<() => void>();
  private envelopeCounter = 0;
  private nextConnection = 0;
  /** Envelopes sent again to another connection because the first went unacknowledged. */
  retries = 0;
  private readonly pinger: NodeJS.Timeout;

  constructor(httpServer: Server) {
    this.server = new WebSocketServer({ server: httpServer, path: "/socket" });
    this.server.on("connection", (socket) => {
      this.connectionCount += 1;
      this.open.add(socket);
      socket.on("close", () => this.open.delete(socket));
      socket.on("message", (data) => this.onMessage(String(data)));
      socket.send(
        JSON.stringify({
          type: "hello",
          num_connections: this.open.size,
          debug_info: { host: "fake-slack", approximate_connection_time: 3600 },
          connection_info: { app_id: "AFAKE" },
        }),
      );
      for (const waiter of [...this.connectionWaiters]) waiter();
    });
    // The client reconnects when the server stays silent past its serverPingTimeout (30 s).
    this.pinger = setInterval(() => {
      for (const socket of this.open) socket.ping();
    }, 5000);
    this.pinger.unref();
  }

  url(baseUrl: string): string {
    return `${baseUrl.replace(/^http/, "ws")}/socket`;
  }

  get openConnections(): number {
    return this.open.size;
  }

  /** Resolves when at least `count` connections have been opened in total. */
  async waitForConnection(count = 1, timeoutMs = 15_000): Promise<void> {
    if (this.connectionCount >= count && this.open.size > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connectionWaiters.delete(check);
        reject(new Error("no Socket Mode connection"));
      }, timeoutMs);
      const check = () => {
        if (this.connectionCount < count) return;
        clearTimeout(timer);
        this.connectionWaiters.delete(check);
        resolve();
      };
      this.connectionWaiters.add(check);
    });
  }

  /** Sends one envelope on the newest connection; resolves with the app's ack payload. */
  deliver(
    type: EnvelopeType,
    payload: unknown,
    options: { readonly retryAttempt?: number; readonly timeoutMs?: number } = {},
  ): Promise<unknown> {
    const socket = [...this.open].at(-1);
    if (!socket) return Promise.reject(new Error("no Socket Mode connection to deliver on"));
    this.envelopeCounter += 1;
    const envelopeId = `env-${this.envelopeCounter}`;
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} was not acknowledged`));
      }, options.timeoutMs ?? 5000);
      this.pending.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve(ackPayload);
      });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== "events_api",
        ...(options.retryAttempt !== undefined
          ? { retry_attempt: options.retryAttempt, retry_reason: "timeout" }
          : {}),
      }),
    );
    return acked;
  }

  /**
   * Sends one envelope to one open connection (`first`, an index into the open connections, or the next in
   * turn) and, while unacknowledged after `ackWithinMs`, to the next connection with `retry_attempt` one
   * higher, up to `attempts` sends. Resolves with the first acknowledgement and the connections tried.
   */
  async spread(
    type: EnvelopeType,
    payload: unknown,
    options: { readonly first?: number; readonly ackWithinMs?: number; readonly attempts?: number } = {},
  ): Promise<SpreadDelivery> {
    const sockets = [...this.open];
    if (sockets.length === 0) throw new Error("no Socket Mode connection to deliver on");
    const start = options.first ?? this.nextConnection++;
    this.envelopeCounter += 1;
    const envelopeId = `env-${this.envelopeCounter}`;
    let acked: ((payload: unknown) => void) | undefined;
    const ack = new Promise<unknown>((resolve) => {
      acked = resolve;
    });
    this.pending.set(envelopeId, (ackPayload) => acked?.(ackPayload));
    const attempts: number[] = [];
    try {
      for (let attempt = 0; attempt < (options.attempts ?? 3); attempt += 1) {
        const index = (start + attempt) % sockets.length;
        if (attempt > 0) this.retries += 1;
        attempts.push(index);
        sockets[index]?.send(JSON.stringify(envelope(envelopeId, type, payload, attempt)));
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          ack.then((value) => ({ value })),
          new Promise<undefined>((resolve) => {
            timer = setTimeout(() => resolve(undefined), options.ackWithinMs ?? 3000);
          }),
        ]);
        clearTimeout(timer);
        if (outcome) return { ack: outcome.value, attempts };
      }
    } finally {
      this.pending.delete(envelopeId);
    }
    throw new Error(`envelope ${envelopeId} was not acknowledged on connections ${attempts.join(", ")}`);
  }

  /** Cuts every connection without a close handshake, as a network failure would. */
  dropConnections(): void {
    for (const socket of this.open) socket.terminate();
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const socket of this.open) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onMessage(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.envelope_id !== "string") return;
    const resolve = this.pending.get(message.envelope_id);
    this.pending.delete(message.envelope_id);
    resolve?.(message.payload ?? {});
  }
}

function envelope(envelopeId: string, type: EnvelopeType, payload: unknown, retryAttempt: number) {
  return {
    envelope_id: envelopeId,
    type,
    payload,
    accepts_response_payload: type !== "events_api",
    ...(retryAttempt > 0 ? { retry_attempt: retryAttempt, retry_reason: "timeout" } : {}),
  };
}
