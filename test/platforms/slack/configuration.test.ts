import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
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

  it("GIVEN SLACK_PRIVATE_PICTURES THEN it is off unless set to true or on, and any other value stops start-up naming it", () => {
    const slack = { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken };
    expect(loadConfig(slack).env.SLACK_PRIVATE_PICTURES).toBe(false);
    expect(loadConfig({ ...slack, SLACK_PRIVATE_PICTURES: "on" }).env.SLACK_PRIVATE_PICTURES).toBe(true);
    expect(loadConfig({ ...slack, SLACK_PRIVATE_PICTURES: "true" }).env.SLACK_PRIVATE_PICTURES).toBe(true);
    expect(loadConfig({ ...slack, SLACK_PRIVATE_PICTURES: "off" }).env.SLACK_PRIVATE_PICTURES).toBe(false);
    let caught: unknown;
    try {
      loadConfig({ ...slack, SLACK_PRIVATE_PICTURES: "sometimes" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([expect.stringMatching(/^SLACK_PRIVATE_PICTURES: /)]);
  });
});
