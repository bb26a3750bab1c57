import { describe, expect, it } from "vitest";
import { platformApiMeter } from "../../src/metrics/meters.js";
import { createMetrics, metricsPage } from "../../src/metrics/metrics.js";
import { fakeTeamId } from "../fakes/slack/fake-slack.js";
import { startSlack } from "../fakes/slack/slack-harness.js";
import { startDiscord } from "../platforms/discord/harness.js";
import { sample, typeOf } from "../support/prometheus-text.js";

const notice = { kind: "notice", notice: { code: "no_round" } } as const;

describe("GIVEN the Discord adapter counting its REST calls", () => {
  it("WHEN the fake Discord answers a channel post with 429 THEN the post succeeds after the wait and both answers are counted, the 429 as rate limited", async () => {
    const metrics = createMetrics();
    const started = await startDiscord(async () => {}, { apiMeter: platformApiMeter(metrics) });
    try {
      const { discord, platform } = started;
      const before = (await metricsPage(metrics)).body;
      expect(sample(before, "quizbot_platform_rate_limited_total", '{platform="discord"}')).toBeUndefined();
      discord.failNext((method, path) => method === "POST" && path.startsWith("/channels/"), {
        retryAfterSeconds: 0.2,
      });
      await platform.post(
        { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
        { kind: "help" },
      );
      const text = (await metricsPage(metrics)).body;
      expect(typeOf(text, "quizbot_platform_api_calls_total")).toBe("counter");
      expect(typeOf(text, "quizbot_platform_rate_limited_total")).toBe("counter");
      expect(sample(text, "quizbot_platform_rate_limited_total", '{platform="discord"}')).toBe(1);
      expect(sample(text, "quizbot_platform_api_calls_total", '{platform="discord",status="429"}')).toBe(1);
      expect(
        sample(text, "quizbot_platform_api_calls_total", '{platform="discord",status="200"}'),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await started.stop();
    }
  }, 30_000);
});

describe("GIVEN the Slack adapter counting its Web API calls", () => {
  it("WHEN the fake Slack answers chat.postMessage with 429 THEN the post succeeds after Retry-After and the 429 is counted", async () => {
    const metrics = createMetrics();
    const slack = await startSlack("http", async () => {}, { apiMeter: platformApiMeter(metrics) });
    try {
      slack.fake.rateLimit("chat.postMessage", 1);
      await slack.platform.post({ platform: "slack", workspaceId: fakeTeamId, channelId: "CSTUDY" }, notice);
      const text = (await metricsPage(metrics)).body;
      expect(sample(text, "quizbot_platform_rate_limited_total", '{platform="slack"}')).toBe(1);
      expect(sample(text, "quizbot_platform_api_calls_total", '{platform="slack",status="429"}')).toBe(1);
      expect(
        sample(text, "quizbot_platform_api_calls_total", '{platform="slack",status="200"}'),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await slack.stop();
    }
  }, 30_000);
});
