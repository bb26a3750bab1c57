import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import type { IncomingEvent } from "../../../src/domain/ports/chat-platform.js";
import { SlackSender } from "../../../src/platforms/slack/slack-sender.js";
import { fakeTeamId } from "../../fakes/slack/fake-slack.js";
import { blockAction, slashCommand, viewSubmission } from "../../fakes/slack/payloads.js";
import { postCommand, postInteraction } from "../../fakes/slack/signed-request.js";
import {
  RecordingHandler,
  type SlackUnderTest,
  signingSecret,
  startSlack,
} from "../../fakes/slack/slack-harness.js";

const ada = { userId: "UADA", userName: "ada", channelId: "CSTUDY" };
const signed = { signingSecret };
const place = { platform: "slack", workspaceId: fakeTeamId, channelId: "CSTUDY" } as const;
const notice = { kind: "notice", notice: { code: "no_round" } } as const;

let slack: SlackUnderTest | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

async function start(react?: (event: IncomingEvent) => Promise<void>) {
  const handler = new RecordingHandler(react);
  slack = await startSlack("http", handler.handle);
  slack.fake.addUser({ id: ada.userId, name: "ada" });
  return { slack, handler };
}

describe("Slack replies and messages", () => {
  it("GIVEN /run without code THEN a modal opens with the trigger, and its submission arrives as a form event", async () => {
    const { slack, handler } = await start(async (event) => {
      if (event.type !== "command") return;
      await event.reply.openForm({ kind: "run_code", formId: "run:1" });
    });
    const command = slashCommand(ada, "/run", "", slack.fake.responseUrl());
    await postCommand(slack.eventsUrl, command, signed);
    await slack.fake.waitFor(() => slack.fake.callsTo("views.open").length === 1);
    const opened = slack.fake.callsTo("views.open")[0]?.args as {
      trigger_id: string;
      view: { callback_id: string; private_metadata: string; blocks: { element: { multiline: boolean } }[] };
    };
    expect(opened.trigger_id).toBe(command.trigger_id);
    expect(opened.view.callback_id).toBe("run:1");
    expect(opened.view.blocks[0]?.element.multiline).toBe(true);

    const response = await postInteraction(
      slack.eventsUrl,
      viewSubmission(ada, "run:1", opened.view.private_metadata, { code: "print(2 ** 10)" }),
      signed,
    );
    expect(response.status).toBe(200);
    await handler.waitForEvents(2);
    expect(handler.events[1]).toMatchObject({
      type: "form",
      formId: "run:1",
      fields: { code: "print(2 ** 10)" },
      place,
    });
  });

  it("GIVEN a form event THEN a private reply is an ephemeral message in the channel it came from", async () => {
    const { slack } = await start(async (event) => {
      if (event.type === "form") await event.reply.private(notice);
    });
    const metadata = JSON.stringify({ workspaceId: fakeTeamId, channelId: "CSTUDY" });
    await postInteraction(slack.eventsUrl, viewSubmission(ada, "run:1", metadata, { code: "1" }), signed);
    await slack.fake.waitFor(() => slack.fake.callsTo("chat.postEphemeral").length === 1);
    expect(slack.fake.callsTo("chat.postEphemeral")[0]?.args).toMatchObject({
      channel: "CSTUDY",
      user: "UADA",
    });
  });

  it("GIVEN an expired response_url THEN a private reply falls back to chat.postEphemeral", async () => {
    const { slack } = await start(async (event) => {
      if (event.type === "command") await event.reply.private(notice);
    });
    slack.fake.responseUrlsExpired = true;
    await postCommand(slack.eventsUrl, slashCommand(ada, "/quiz", "stop", slack.fake.responseUrl()), signed);
    await slack.fake.waitFor(() => slack.fake.callsTo("chat.postEphemeral").length === 1);
    expect(slack.fake.callsTo("chat.postEphemeral")[0]?.args).toMatchObject({
      channel: "CSTUDY",
      user: "UADA",
    });
  });

  it("GIVEN a member refused an admin command THEN the reply names what Slack checks: workspace admin or owner", async () => {
    const { slack } = await start(async (event) => {
      if (event.type === "command") {
        await event.reply.private({ kind: "notice", notice: { code: "not_allowed", needed: "admin" } });
      }
    });
    slack.fake.responseUrlsExpired = true;
    await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", "config", slack.fake.responseUrl()),
      signed,
    );
    await slack.fake.waitFor(() => slack.fake.callsTo("chat.postEphemeral").length === 1);
    const text = JSON.stringify(slack.fake.callsTo("chat.postEphemeral")[0]?.args);
    expect(text).toContain("Only workspace admins and owners can do that.");
    expect(text).not.toContain("channel admin");
  });

  it("GIVEN a private channel the bot is not in THEN a public reply goes through the response_url", async () => {
    const { slack } = await start(async (event) => {
      if (event.type === "command") {
        const ref = await event.reply.public(notice);
        expect(ref).toBeUndefined();
      }
    });
    slack.fake.failNext("chat.postMessage", "channel_not_found");
    await postCommand(slack.eventsUrl, slashCommand(ada, "/quiz", "stop", slack.fake.responseUrl()), signed);
    await slack.fake.waitFor(() => slack.fake.responses.length === 1);
    expect(slack.fake.responses[0]?.body).toMatchObject({ response_type: "in_channel" });
  });

  it("GIVEN a button on an ephemeral message THEN update replaces it through the response_url", async () => {
    const { slack } = await start(async (event) => {
      if (event.type === "button") await event.reply.update(notice);
    });
    await postInteraction(
      slack.eventsUrl,
      blockAction(ada, { actionId: "rv:grade:3" }, { ts: "1.5", ephemeral: true }, slack.fake.responseUrl()),
      signed,
    );
    await slack.fake.waitFor(() => slack.fake.responses.length === 1);
    expect(slack.fake.responses[0]?.body).toMatchObject({ replace_original: true });
    expect(slack.fake.callsTo("chat.update")).toHaveLength(0);
  });

  it("GIVEN Slack rate-limits chat.postMessage THEN the post waits for Retry-After and succeeds", async () => {
    const { slack } = await start();
    slack.fake.rateLimit("chat.postMessage", 1);
    const startedAt = Date.now();
    const ref = await slack.platform.post(place, notice);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(2);
    expect(ref).toEqual({
      platform: "slack",
      channelId: "CSTUDY",
      messageId: expect.stringMatching(/^\d+\.\d+$/),
    });
  });

  it("GIVEN a message ref THEN edit is chat.update of that channel and ts", async () => {
    const { slack } = await start();
    await slack.platform.edit({ platform: "slack", channelId: "CSTUDY", messageId: "1700.1" }, notice);
    expect(slack.fake.callsTo("chat.update")[0]?.args).toMatchObject({ channel: "CSTUDY", ts: "1700.1" });
  });

  it("GIVEN a member THEN a direct message opens the conversation first; a member who cannot be reached gives undefined", async () => {
    const { slack } = await start();
    const ref = await slack.platform.directMessage({ platform: "slack", id: "UADA" }, notice);
    expect(slack.fake.callsTo("conversations.open")[0]?.args).toMatchObject({ users: "UADA" });
    expect(ref).toMatchObject({ channelId: "DUADA" });
    slack.fake.failNext("conversations.open", "user_disabled");
    expect(await slack.platform.directMessage({ platform: "slack", id: "UGONE" }, notice)).toBeUndefined();
  });

  it("GIVEN a view with a long attachment THEN the message is posted and the text uploaded into its thread", async () => {
    const { slack } = await start();
    // No presenter sets an attachment yet, so the sender gets a rendered message with a long file directly.
    const sender = new SlackSender(
      new webApi.WebClient("xoxb-test", { slackApiUrl: slack.fake.apiUrl }),
      () => ({
        text: "output",
        blocks: [],
        file: { filename: "output.txt", content: "x".repeat(10_000) },
      }),
    );
    const ref = await sender.post("CSTUDY", notice);
    await slack.fake.waitFor(() => slack.fake.callsTo("files.completeUploadExternal").length === 1);
    expect(slack.fake.uploads).toEqual([
      { fileId: "F1", bytes: expect.any(Number), data: expect.any(Buffer) },
    ]);
    expect(slack.fake.uploads[0]?.bytes).toBeGreaterThanOrEqual(10_000);
    expect(slack.fake.callsTo("files.completeUploadExternal")[0]?.args).toMatchObject({
      channel_id: "CSTUDY",
      thread_ts: ref.messageId,
    });
  });
});
