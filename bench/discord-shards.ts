/**
 * What one Discord shard costs a bot process: the real DiscordPlatform (discord.js) logs in to the local fake
 * Discord as one shard holding 2,500 servers (Discord's most per shard), each with 20 channels and 10 roles,
 * which the Guilds intent caches. Figures: time from login to ready, and the heap the cached servers hold
 * (after a full garbage collection), per 1,000 servers, for the shards-per-process arithmetic in
 * docs/scaling.md. The fake answers at once, so the time is the client's own processing, not Discord's.
 *
 *   npx tsx bench/discord-shards.ts            2,500 servers
 *   npx tsx bench/discord-shards.ts --quick    500 servers
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { createLogger } from "../src/logger.js";
import { DiscordPlatform } from "../src/platforms/discord/discord-platform.js";
import { FakeDiscord, type FakeGuild } from "../test/fakes/discord/fake-discord.js";
import { type BenchFigure, round } from "./figure.js";

const channelsPerServer = 20;
const rolesPerServer = 10;

export async function discordShardsBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const servers = options.quick ? 500 : 2_500;
  const collect = garbageCollector();
  const discord = await new FakeDiscord({
    guilds: benchGuilds(servers),
    heartbeatIntervalMs: 41_250,
  }).start();
  const platform = new DiscordPlatform({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    logger: createLogger({ level: "error", secrets: [discord.token] }),
    shards: [0],
    shardCount: 1,
  });
  try {
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    await platform.start(async () => {});
    const readyMs = performance.now() - started;
    collect();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const cached = platform.client.guilds.cache.size;
    if (cached !== servers) throw new Error(`expected ${servers} servers cached, got ${cached}`);
    return [
      {
        figure: `Discord shard ready with ${servers.toLocaleString("en-US")} servers (${channelsPerServer} channels, ${rolesPerServer} roles each)`,
        unit: "ms",
        value: round(readyMs, 0),
      },
      {
        figure: "Discord server cache per 1,000 servers (heap after GC)",
        unit: "MB",
        value: round((heapMb * 1_000) / servers, 1),
      },
    ];
  } finally {
    await platform.stop();
    await discord.close();
  }
}

/** Servers with snowflake-shaped ids, each with its channels and roles. */
function benchGuilds(count: number): FakeGuild[] {
  return Array.from({ length: count }, (_, index) => {
    const base = 230_000_000_000_000_000n + BigInt(index) * 1_000n;
    return {
      id: String(base),
      name: `Bench server ${index}`,
      channelIds: Array.from({ length: channelsPerServer }, (_, c) => String(base + 1n + BigInt(c))),
      roles: Array.from({ length: rolesPerServer }, (_, r) => ({
        id: String(base + 100n + BigInt(r)),
        name: `role ${r}`,
      })),
    };
  });
}

/** A full collection on demand, without starting node with --expose-gc. */
function garbageCollector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  return () => {
    gc();
    gc();
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await discordShardsBenchmark({ quick: process.argv.includes("--quick") });
  for (const figure of figures) console.log(`${figure.figure}: ${figure.value} ${figure.unit}`);
}
