import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createChatPlatforms } from "../../src/platforms/create-platforms.js";
import { DiscordPlatform } from "../../src/platforms/discord/discord-platform.js";
import { SlackPlatform } from "../../src/platforms/slack/slack-platform.js";
import { appToken, botToken } from "../fakes/slack/slack-harness.js";
import { silentLogger } from "../support/silent-logger.js";

describe("the networked platforms from configuration", () => {
  it("GIVEN Discord and Slack tokens THEN both platforms are built, in that order", async () => {
    const config = loadConfig({
      DISCORD_TOKEN: "discord-token",
      DISCORD_APPLICATION_ID: "100000000000000001",
      SLACK_BOT_TOKEN: botToken,
      SLACK_APP_TOKEN: appToken,
    });
    const platforms = await createChatPlatforms(["console", "discord", "slack"], config, silentLogger());
    expect(platforms).toHaveLength(2);
    expect(platforms[0]).toBeInstanceOf(DiscordPlatform);
    expect(platforms[1]).toBeInstanceOf(SlackPlatform);
  });

  it("GIVEN only the console THEN no networked platform is built", async () => {
    const platforms = await createChatPlatforms(["console"], loadConfig({}), silentLogger());
    expect(platforms).toEqual([]);
  });
});
