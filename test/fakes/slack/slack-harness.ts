import { Writable } from "node:stream";
import { type Bot, type BotOptions, createBot } from "../../../src/bot.js";
import type { EventHandler, IncomingEvent } from "../../../src/domain/ports/chat-platform.js";
import { createLogger, type Logger } from "../../../src/logger.js";
import {
  type SlackConnection,
  SlackPlatform,
  type SlackPlatformOptions,
} from "../../../src/platforms/slack/slack-platform.js";
import { FakeJobClock } from "../../jobs/fake-job-clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { choiceQuestion, testPack } from "../../support/questions.js";
import { FakeSlack, type FakeUser } from "./fake-slack.js";

export const botToken = "xoxb-test-bot-token-123";
export const appToken = "xapp-test-app-token-456";
export const signingSecret = "test-signing-secret-789";

/** Handler that records every event and lets a test decide how to answer each. */
export class RecordingHandler {
  readonly events: IncomingEvent[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly react: (event: IncomingEvent) => Promise<void> = async () => {}) {}

  readonly handle: EventHandler = async (event) => {
    this.events.push(event);
    for (const waiter of [...this.waiters]) waiter();
    await this.react(event);
  };

  async waitForEvents(count: number, timeoutMs = 5000): Promise<void> {
    if (this.events.length >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`expected ${count} events, got ${this.events.length}`));
      }, timeoutMs);
      const check = () => {
        if (this.events.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
}

/** What a test may add to the platform under test. */
export type SlackExtras = Partial<
  Pick<SlackPlatformOptions, "homeView" | "now" | "pictures" | "apiMeter" | "privatePictures">
>;

export interface SlackUnderTest {
  readonly fake: FakeSlack;
  readonly platform: SlackPlatform;
  readonly logger: Logger;
  /** Where Slack would post requests (HTTP mode, once started). */
  readonly eventsUrl: string;
  /** Every log line the adapter wrote, to check that no secret leaks. */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** A SlackPlatform wired to a fresh FakeSlack, in HTTP or Socket Mode, not yet started. */
export async function createSlack(mode: "http" | "socket", extra: SlackExtras = {}): Promise<SlackUnderTest> {
  const fake = await FakeSlack.start();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString("utf8"));
      callback();
    },
  });
  const logger = createLogger({ level: "debug", secrets: [botToken, appToken, signingSecret], destination });
  const connection: SlackConnection =
    mode === "http"
      ? { mode: "http", signingSecret, port: 0, host: "127.0.0.1" }
      : // Short enough for a quick reconnect test, long enough that a busy CI core is not taken for a dead socket.
        { mode: "socket", appToken, clientPingTimeoutMs: 3000 };
  const platform = new SlackPlatform({ botToken, connection, apiUrl: fake.apiUrl, logger, ...extra });
  return {
    fake,
    platform,
    logger,
    get eventsUrl() {
      return `http://127.0.0.1:${platform.port ?? 0}/slack/events`;
    },
    logs,
    async stop() {
      await platform.stop();
      await fake.stop();
    },
  };
}

/** `createSlack`, started with `handler`. */
export async function startSlack(
  mode: "http" | "socket",
  handler: EventHandler,
  extra: SlackExtras = {},
): Promise<SlackUnderTest> {
  const slack = await createSlack(mode, extra);
  await slack.platform.start(handler);
  return slack;
}

/** One thing the bot said on the fake Slack: a response_url body or a Web API call, as JSON text. */
export interface SaidOnSlack {
  readonly via: string;
  readonly text: string;
}

/**
 * Everything the bot said, in the order each channel received it, with lookups tests share: the first
 * message with some words, and the first action id (button) with a prefix.
 */
export function slackTranscript(fake: FakeSlack) {
  const said = (): SaidOnSlack[] => {
    const calls = ["chat.postMessage", "chat.update", "chat.postEphemeral"].flatMap((method) =>
      fake.callsTo(method).map((call) => ({ via: method, text: JSON.stringify(call.args) })),
    );
    return [
      ...fake.responses.map((response) => ({ via: "response_url", text: JSON.stringify(response.body) })),
      ...calls,
    ];
  };
  return {
    said,
    saying: (words: string) => said().find((message) => message.text.includes(words)),
    actionIds: (prefix: string) =>
      said().flatMap((message) =>
        [...message.text.matchAll(new RegExp(`"action_id":"(${prefix}[^"]*)"`, "g"))].map((m) => m[1] ?? ""),
      ),
  };
}

/** What a test gives the bot beyond its platform, database and logger (a one-question pack by default). */
export type SlackBotOptions = Omit<BotOptions, "database" | "platforms" | "logger" | "packs"> &
  Partial<Pick<BotOptions, "packs">>;

/**
 * The real bot on a fresh test database, behind the real Bolt app (HTTP mode unless `mode` says Socket
 * Mode) against a fake Slack that
 * knows `users` (id, name, display name), with a job clock that fires only when told: the setup most
 * end-to-end tests share. `extra` goes to the platform (pictures, say). `stop` ends all three in order.
 */
export async function startSlackBot(
  users: readonly FakeUser[],
  options: SlackBotOptions = {},
  extra: SlackExtras = {},
  mode: "http" | "socket" = "http",
): Promise<{ slack: SlackUnderTest; database: TestDatabase; bot: Bot; stop: () => Promise<void> }> {
  const database = await createTestDatabase();
  const slack = await createSlack(mode, extra);
  for (const user of users) slack.fake.addUser(user);
  const bot = createBot({
    packs: [testPack([choiceQuestion("q1")])],
    jobClock: new FakeJobClock(),
    ...options,
    database,
    platforms: [slack.platform],
    logger: slack.logger,
  });
  await bot.start();
  return {
    slack,
    database,
    bot,
    stop: async () => {
      await bot.stop();
      await slack.stop();
      await database.close();
    },
  };
}
