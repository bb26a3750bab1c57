import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createSlackPlatform } from "../../../src/platforms/slack/create-slack-platform.js";
import type { SlackPlatform } from "../../../src/platforms/slack/slack-platform.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { appToken, botToken, signingSecret } from "../../fakes/slack/slack-harness.js";
import { silentLogger } from "../../support/silent-logger.js";

let fake: FakeSlack | undefined;
let platform: SlackPlatform | undefined;
afterEach(async () => {
  await platform?.stop();
  await fake?.stop();
  platform = undefined;
  fake = undefined;
});

describe("Slack from configuration", () => {
  it("GIVEN SLACK_APP_TOKEN and SLACK_API_URL THEN the platform connects over Socket Mode to that API", async () => {
    fake = await FakeSlack.start();
    const { env } = loadConfig({
      SLACK_BOT_TOKEN: botToken,
      SLACK_APP_TOKEN: appToken,
      // Without the trailing slash on purpose: the adapter adds the one the Web API client expects.
      SLACK_API_URL: fake.apiUrl.replace(/\/$/, ""),
    });
    platform = createSlackPlatform(env, silentLogger());
    await platform.start(async () => {});
    expect(fake.callsTo("apps.connections.open")).toHaveLength(1);
    expect(fake.socket.openConnections).toBe(1);
    expect(platform.port).toBeUndefined();
  });

  it("GIVEN only the signing secret THEN the platform serves HTTP on SLACK_PORT", async () => {
    fake = await FakeSlack.start();
    const { env } = loadConfig({
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_PORT: "3999",
      SLACK_API_URL: fake.apiUrl,
    });
    expect(env.SLACK_PORT).toBe(3999);
    // Port 0 (any free port) is not a valid setting, but keeps the test off fixed ports.
    platform = createSlackPlatform({ ...env, SLACK_PORT: 0 }, silentLogger());
    await platform.start(async () => {});
    expect(platform.port).toBeGreaterThan(0);
    const unsigned = await fetch(`http://127.0.0.1:${platform.port}/slack/events`, {
      method: "POST",
      body: "{}",
    });
    expect(unsigned.status).toBe(401);
  });
});
