import type { Config } from "../config.js";
import type { ChatPlatform } from "../domain/ports/chat-platform.js";
import type { Logger } from "../logger.js";
import { createDiscordPlatform } from "./discord/create-discord-platform.js";
import { createSlackPlatform } from "./slack/create-slack-platform.js";

/** The networked platforms named by configuration (the console is built by main, which owns the terminal). */
export async function createChatPlatforms(
  kinds: readonly ("console" | "discord" | "slack")[],
  config: Config,
  logger: Logger,
): Promise<ChatPlatform[]> {
  const platforms: ChatPlatform[] = [];
  for (const kind of kinds) {
    if (kind === "console") continue;
    if (kind === "discord") {
      platforms.push(createDiscordPlatform(config.env, logger));
      continue;
    }
    if (kind === "slack") {
      platforms.push(createSlackPlatform(config.env, logger));
      continue;
    }
    throw new Error(`the ${kind} platform is not available in this build`);
  }
  return platforms;
}
