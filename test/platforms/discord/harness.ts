import { Writable } from "node:stream";
import { type Bot, type BotOptions, createBot } from "../../../src/bot.js";
import type { EventHandler, IncomingEvent } from "../../../src/domain/ports/chat-platform.js";
import type { PlatformApiMeter } from "../../../src/domain/ports/meters.js";
import type { PictureRenderer } from "../../../src/domain/ports/picture-renderer.js";
import { createLogger, type Logger } from "../../../src/logger.js";
import { DiscordPlatform } from "../../../src/platforms/discord/discord-platform.js";
import { FakeDiscord, type FakeDiscordOptions } from "../../fakes/discord/fake-discord.js";
import type { FakeUser } from "../../fakes/discord/payloads.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { choiceQuestion, testPack } from "../../support/questions.js";

/** Log lines as written, to assert on what was logged (and that the token never is). */
export function capturingLogger(secrets: readonly string[]): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { logger: createLogger({ level: "debug", secrets, destination }), lines };
}

export const ada: FakeUser = { id: "500000000000000001", username: "ada", globalName: "Ada" };
export const grace: FakeUser = { id: "500000000000000002", username: "grace", globalName: "Grace" };
export const linus: FakeUser = { id: "500000000000000003", username: "linus" };
export const admin: FakeUser = {
  id: "500000000000000009",
  username: "root",
  globalName: "Admin",
  admin: true,
};

/** Events the handler received, with a way to wait for the next one. */
export class RecordingHandler {
  readonly events: IncomingEvent[] = [];
  private waiters: ((event: IncomingEvent) => void)[] = [];

  constructor(private readonly behaviour: EventHandler = async () => {}) {}

  readonly handle: EventHandler = async (event) => {
    this.events.push(event);
    for (const waiter of this.waiters.splice(0)) waiter(event);
    await this.behaviour(event);
  };

  next(timeoutMs = 5000): Promise<IncomingEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no event reached the handler")), timeoutMs);
      this.waiters.push((event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  }
}

/** A fake Discord and a DiscordPlatform logged in to it. */
export async function startDiscord(
  handler: EventHandler,
  options: {
    autoDeferMs?: number;
    now?: () => number;
    fake?: FakeDiscordOptions;
    shards?: "auto";
    pictures?: PictureRenderer;
    apiMeter?: PlatformApiMeter;
  } = {},
): Promise<{
  discord: FakeDiscord;
  platform: DiscordPlatform;
  logLines: string[];
  stop: () => Promise<void>;
}> {
  const discord = await new FakeDiscord(options.fake).start();
  const { logger, lines } = capturingLogger([discord.token]);
  const platform = new DiscordPlatform({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    adminRole: "Quiz Admin",
    logger,
    ...(options.autoDeferMs !== undefined ? { autoDeferMs: options.autoDeferMs } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.pictures ? { pictures: options.pictures } : {}),
    ...(options.apiMeter ? { apiMeter: options.apiMeter } : {}),
  });
  await platform.start(handler);
  return {
    discord,
    platform,
    logLines: lines,
    stop: async () => {
      await platform.stop();
      await discord.close();
    },
  };
}

/** What a test gives the bot beyond its platform, database and logger (a one-question pack by default). */
export type DiscordBotOptions = Omit<BotOptions, "database" | "platforms" | "logger" | "packs"> &
  Partial<Pick<BotOptions, "packs">>;

/**
 * The real bot on a fresh test database, talking to a fake Discord through the real discord.js client:
 * the setup most end-to-end tests share. `extra.now` is the platform's clock (for manual time).
 * `stop` ends all three in order.
 */
export async function startDiscordBot(
  options: DiscordBotOptions = {},
  extra: { readonly now?: () => number } = {},
): Promise<{
  discord: FakeDiscord;
  database: TestDatabase;
  bot: Bot;
  logLines: string[];
  stop: () => Promise<void>;
}> {
  const discord = await new FakeDiscord().start();
  const database = await createTestDatabase();
  const { logger, lines } = capturingLogger([discord.token]);
  const platform = new DiscordPlatform({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    logger,
    ...(extra.now ? { now: extra.now } : {}),
  });
  const bot = createBot({
    packs: [testPack([choiceQuestion("q1")])],
    ...options,
    database,
    platforms: [platform],
    logger,
  });
  await bot.start();
  return {
    discord,
    database,
    bot,
    logLines: lines,
    stop: async () => {
      await bot.stop();
      await discord.close();
      await database.close();
    },
  };
}
