import type { Config } from "../config.js";
import type { ChatPlatform } from "../domain/ports/chat-platform.js";
import type { PlatformApiMeter } from "../domain/ports/meters.js";
import type { PictureRenderer } from "../domain/ports/picture-renderer.js";
import type { Logger } from "../logger.js";

/**
 * The networked platforms named by configuration (the console is built by main, which owns the terminal).
 * Each SDK is imported only when its platform runs: discord.js and Bolt together are about 40 MB of
 * resident memory that a console-only or single-platform bot never uses.
 *
 * Discord loads first on purpose: Slack's Socket Mode brings undici 7, and whichever undici loads first
 * becomes the process's global dispatcher; undici 7's cannot send discord.js's (undici 6) multipart
 * uploads, so pictures and files on Discord would fail with Slack loaded before it.
 */
export async function createChatPlatforms(
  kinds: readonly ("console" | "discord" | "slack")[],
  config: Config,
  logger: Logger,
  pictures?: PictureRenderer,
  apiMeter?: PlatformApiMeter,
): Promise<ChatPlatform[]> {
  const platforms: ChatPlatform[] = [];
  for (const kind of kinds) {
    if (kind === "console") continue;
    if (kind === "discord") {
      const { createDiscordPlatform } = await import("./discord/create-discord-platform.js");
      platforms.push(createDiscordPlatform(config.env, logger, pictures, apiMeter));
      continue;
    }
    if (kind === "slack") {
      const { createSlackPlatform } = await import("./slack/create-slack-platform.js");
      platforms.push(createSlackPlatform(config.env, logger, pictures, apiMeter));
      continue;
    }
    throw new Error(`the ${kind} platform is not available in this build`);
  }
  return platforms;
}
