import type { Environment } from "../../config.js";
import type { PlatformApiMeter } from "../../domain/ports/meters.js";
import type { PictureRenderer } from "../../domain/ports/picture-renderer.js";
import type { Logger } from "../../logger.js";
import { SlackPlatform } from "./slack-platform.js";

/**
 * The Slack platform from configuration: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed),
 * else HTTP on SLACK_PORT with SLACK_SIGNING_SECRET. `loadConfig` has already refused other combinations.
 */
export function createSlackPlatform(
  env: Environment,
  logger: Logger,
  pictures?: PictureRenderer,
  apiMeter?: PlatformApiMeter,
): SlackPlatform {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) throw new Error("SLACK_BOT_TOKEN is required for the Slack platform");
  const connection = env.SLACK_APP_TOKEN
    ? { mode: "socket" as const, appToken: env.SLACK_APP_TOKEN }
    : env.SLACK_SIGNING_SECRET
      ? { mode: "http" as const, signingSecret: env.SLACK_SIGNING_SECRET, port: env.SLACK_PORT }
      : undefined;
  if (!connection) throw new Error("set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)");
  return new SlackPlatform({
    botToken,
    connection,
    logger,
    ...(pictures ? { pictures } : {}),
    ...(apiMeter ? { apiMeter } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    ...(env.SLACK_PRIVATE_PICTURES ? { privatePictures: {} } : {}),
  });
}
