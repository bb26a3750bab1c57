import type { FakeDiscord, FakeGuild } from "../../fakes/discord/fake-discord.js";
import { BotProcess } from "../../support/bot-process.js";
import type { TestDatabase } from "../../support/database.js";

/** Two servers that Discord's rule puts on different shards of two: `(id >> 22) % 2` is 0 and 1. */
export const shardedGuilds: readonly FakeGuild[] = [
  {
    id: "200000000000000001",
    name: "Shard zero server",
    channelIds: ["300000000000000001"],
    roles: [{ id: "400000000000000001", name: "Quiz Admin" }],
  },
  {
    id: "200000000004194305",
    name: "Shard one server",
    channelIds: ["300000000000000002"],
    roles: [{ id: "400000000000000002", name: "Quiz Admin" }],
  },
];

/** What a bot process needs to reach the fake Discord and the shared database, and nothing it does not. */
function discordProcessEnv(discord: FakeDiscord, database: TestDatabase, packs: string): NodeJS.ProcessEnv {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: "4",
    QUIZ_PACKS_DIR: packs,
    // Snippets and pictures are not under test; leaving them out keeps each process small and quick to start.
    RUNNER_BACKEND: "off",
    PICTURES_ENABLED: "false",
    LOG_FORMAT: "json",
    // Every step of start-up and each per-minute pass, so a failure's message shows where a process was.
    LOG_LEVEL: "debug",
  };
}

/** Where the shard processes of one test connect: the fake Discord, the shared database and the packs. */
export interface ShardSetting {
  readonly discord: FakeDiscord;
  readonly database: TestDatabase;
  readonly packs: string;
  /** DISCORD_SHARDS: how many shards the bot is split into. */
  readonly shards: number;
}

/** A real `quizbot start` process that runs shard `shard` alone (DISCORD_SHARD_IDS). */
export function startShardProcess(setting: ShardSetting, shard: number): BotProcess {
  return BotProcess.start(["--platform", "discord"], {
    ...discordProcessEnv(setting.discord, setting.database, setting.packs),
    DISCORD_SHARDS: String(setting.shards),
    DISCORD_SHARD_IDS: String(shard),
  });
}

/** Resolves once every process has said it is connected to Discord. */
export async function connectedToDiscord(processes: readonly BotProcess[]): Promise<void> {
  await Promise.all(
    processes.map((bot) => bot.waitForOutput(/connected to Discord/, { timeoutMs: 240_000 })),
  );
}
