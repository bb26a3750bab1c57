import type { Environment } from "../../config.js";
import type { PlatformApiMeter } from "../../domain/ports/meters.js";
import type { PictureRenderer } from "../../domain/ports/picture-renderer.js";
import type { Logger } from "../../logger.js";
import { DiscordPlatform } from "./discord-platform.js";

/**
 * The Discord platform from configuration. `loadConfig` has already required DISCORD_APPLICATION_ID
 * alongside DISCORD_TOKEN and checked DISCORD_SHARD_IDS against DISCORD_SHARDS. Without DISCORD_SHARDS
 * sharding comes from the environment when run under ShardingManager, else it is one shard.
 */
export function createDiscordPlatform(
  env: Environment,
  logger: Logger,
  pictures?: PictureRenderer,
  apiMeter?: PlatformApiMeter,
): DiscordPlatform {
  const token = env.DISCORD_TOKEN;
  const applicationId = env.DISCORD_APPLICATION_ID;
  if (!token || !applicationId) {
    throw new Error("DISCORD_TOKEN and DISCORD_APPLICATION_ID are required for the Discord platform");
  }
  return new DiscordPlatform({
    token,
    applicationId,
    logger,
    ...(pictures ? { pictures } : {}),
    ...(apiMeter ? { apiMeter } : {}),
    ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
    ...(env.DISCORD_ADMIN_ROLE ? { adminRole: env.DISCORD_ADMIN_ROLE } : {}),
    ...shardOptions(env),
  });
}

/** DISCORD_SHARDS and DISCORD_SHARD_IDS as discord.js's `shards` and `shardCount` client options. */
export function shardOptions(env: Pick<Environment, "DISCORD_SHARDS" | "DISCORD_SHARD_IDS">): {
  shards?: "auto" | readonly number[];
  shardCount?: number;
} {
  const count = env.DISCORD_SHARDS;
  if (count === undefined) return {};
  if (count === "auto") return { shards: "auto" };
  return {
    shards: env.DISCORD_SHARD_IDS ?? Array.from({ length: count }, (_, id) => id),
    shardCount: count,
  };
}
