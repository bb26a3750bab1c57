import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackMembers } from "../../../src/platforms/slack/slack-members.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { silentLogger } from "../../support/silent-logger.js";

describe("Slack members", () => {
  let fake: FakeSlack;
  let nowMs: number;
  let members: SlackMembers;

  beforeEach(async () => {
    fake = await FakeSlack.start();
    nowMs = 1_000_000;
    const client = new webApi.WebClient("xoxb-members-test", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    members = new SlackMembers(client, silentLogger(), 60_000, () => nowMs);
  });
  afterEach(() => fake.stop());

  it("GIVEN a workspace owner THEN they count as admin, under their display name", async () => {
    fake.addUser({ id: "UOWN", name: "owner", displayName: "The Owner", isOwner: true });
    fake.addUser({ id: "UMEM", name: "member" });
    expect(await members.get("UOWN")).toEqual({
      platform: "slack",
      id: "UOWN",
      displayName: "The Owner",
      isAdmin: true,
    });
    expect(await members.get("UMEM")).toMatchObject({ displayName: "member", isAdmin: false });
  });

  it("GIVEN a burst of events from one member THEN users.info is asked once until the cache expires", async () => {
    fake.addUser({ id: "UADA", name: "ada" });
    await Promise.all([members.get("UADA"), members.get("UADA"), members.get("UADA")]);
    expect(fake.callsTo("users.info")).toHaveLength(1);
    fake.addUser({ id: "UADA", name: "ada", isAdmin: true });
    nowMs += 61_000;
    expect(await members.get("UADA")).toMatchObject({ isAdmin: true });
    expect(fake.callsTo("users.info")).toHaveLength(2);
  });

  it("GIVEN users.info fails THEN the payload's name stands in and admin rights are not assumed", async () => {
    expect(await members.get("UNKNOWN", "someone")).toEqual({
      platform: "slack",
      id: "UNKNOWN",
      displayName: "someone",
      isAdmin: false,
    });
  });
});
