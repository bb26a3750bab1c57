import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Place } from "../../../src/domain/ports/chat-platform.js";
import { fakeBotUserId } from "../../fakes/slack/fake-slack.js";
import { createSlack, type SlackUnderTest } from "../../fakes/slack/slack-harness.js";

const place: Place = { platform: "slack", workspaceId: "T0FAKE", channelId: "CSTUDY" };
const memberIds = (count: number) => Array.from({ length: count }, (_, index) => `U${index + 1}`);

/** Who is in a Slack channel, asked of the fake Slack through the real Web API client. */
describe("a Slack channel's presence", () => {
  let slack: SlackUnderTest;

  beforeEach(async () => {
    slack = await createSlack("http");
  });
  afterEach(() => slack.stop());

  it("GIVEN a channel of 450 members THEN all of them are listed across Slack's pages, the bot left out", async () => {
    slack.fake.channelMembers.set(place.channelId, memberIds(450));
    const presence = await slack.platform.channelPresence(place);
    expect(presence).toEqual({ kind: "members", ids: memberIds(450) });
    expect(slack.fake.callsTo("conversations.members").length).toBeGreaterThan(1);
    expect(slack.fake.callsTo("auth.test").length).toBeGreaterThan(0);
    expect(presence.kind === "members" && presence.ids.includes(fakeBotUserId)).toBe(false);
  });

  it("GIVEN a channel of more than 1,000 members THEN presence is unknown (question 1 runs its time)", async () => {
    slack.fake.channelMembers.set(place.channelId, memberIds(1200));
    expect(await slack.platform.channelPresence(place)).toEqual({ kind: "unknown" });
  });

  it("GIVEN a channel holding only the bot THEN presence is unknown rather than nobody", async () => {
    expect(await slack.platform.channelPresence(place)).toEqual({ kind: "unknown" });
  });

  it("GIVEN an install without channels:read THEN presence is unknown and the log says why, without the token", async () => {
    slack.fake.failNext("conversations.members", "missing_scope");
    expect(await slack.platform.channelPresence(place)).toEqual({ kind: "unknown" });
    const logged = slack.logs.join("");
    expect(logged).toContain("Slack channel members unavailable");
    expect(logged).toContain("missing_scope");
    expect(logged).not.toContain("xoxb-");
  });
});
