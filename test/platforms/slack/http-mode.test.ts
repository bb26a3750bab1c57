import { afterEach, describe, expect, it } from "vitest";
import type { ButtonEvent, CommandEvent, IncomingEvent } from "../../../src/domain/ports/chat-platform.js";
import { fakeTeamId } from "../../fakes/slack/fake-slack.js";
import {
  blockAction,
  channelMessage,
  eventCallback,
  messageShortcut,
  slashCommand,
} from "../../fakes/slack/payloads.js";
import { postCommand, postEvent, postInteraction } from "../../fakes/slack/signed-request.js";
import {
  appToken,
  botToken,
  RecordingHandler,
  type SlackUnderTest,
  signingSecret,
  startSlack,
} from "../../fakes/slack/slack-harness.js";

const ada = { userId: "UADA", userName: "ada", channelId: "CSTUDY" };
const signed = { signingSecret };

let slack: SlackUnderTest | undefined;
afterEach(async () => {
  if (slack) {
    const logs = slack.logs.join("");
    await slack.stop();
    slack = undefined;
    // Whatever a test did, no credential may reach a log line.
    for (const secret of [botToken, appToken, signingSecret]) expect(logs).not.toContain(secret);
  }
});

async function start(react?: (event: IncomingEvent) => Promise<void>) {
  const handler = new RecordingHandler(react);
  slack = await startSlack("http", handler.handle);
  slack.fake.addUser({ id: ada.userId, name: "ada", displayName: "Ada L.", isAdmin: true });
  return { slack, handler };
}

describe("Slack over HTTP", () => {
  it("GIVEN a signed /quiz command THEN the handler receives it with parsed options, acknowledged at once", async () => {
    const { slack, handler } = await start();
    const response = await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", "start asyncio 5 mode:first_correct", slack.fake.responseUrl()),
      signed,
    );
    expect(response.status).toBe(200);
    await handler.waitForEvents(1);
    const event = handler.events[0] as CommandEvent;
    expect(event).toMatchObject({
      type: "command",
      name: "quiz",
      subcommand: "start",
      options: { topic: "asyncio", questions: 5, mode: "first_correct" },
      place: { platform: "slack", workspaceId: fakeTeamId, channelId: "CSTUDY" },
      user: { platform: "slack", id: "UADA", displayName: "Ada L.", isAdmin: true },
    });
    expect(event.deliveryId).toMatch(/^trigger-/);
  });

  it("GIVEN /quizhelp THEN it arrives as the help command (Slack reserves /help)", async () => {
    const { slack, handler } = await start();
    await postCommand(slack.eventsUrl, slashCommand(ada, "/quizhelp", "", slack.fake.responseUrl()), signed);
    await handler.waitForEvents(1);
    expect(handler.events[0]).toMatchObject({ type: "command", name: "help" });
  });

  it("GIVEN a wrong signature or a stale timestamp THEN Bolt answers 401 and nothing reaches the handler", async () => {
    const { slack, handler } = await start();
    const body = slashCommand(ada, "/quiz", "start", slack.fake.responseUrl());
    const forged = await postCommand(slack.eventsUrl, body, { signingSecret, signWith: "not-the-secret" });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await postCommand(slack.eventsUrl, body, { signingSecret, timestamp: sixMinutesAgo });
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handler.events).toHaveLength(0);
  });

  it("GIVEN an option out of range THEN the member gets an ephemeral explanation and the handler is not called", async () => {
    const { slack, handler } = await start();
    const response = await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", "start asyncio 500", slack.fake.responseUrl()),
      signed,
    );
    expect(response.status).toBe(200);
    const reply = JSON.parse(response.text) as { response_type: string; text: string };
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("questions");
    expect(reply.text).toContain("from 1 to 50");
    expect(handler.events).toHaveLength(0);
  });

  it("GIVEN a command THEN private replies go to its response_url and public ones to chat.postMessage", async () => {
    const { slack, handler } = await start(async (event) => {
      if (event.type !== "command") return;
      await event.reply.private({ kind: "notice", notice: { code: "no_round" } });
      await event.reply.public({ kind: "notice", notice: { code: "round_stopped", by: "Ada" } });
    });
    const responseUrl = slack.fake.responseUrl();
    await postCommand(slack.eventsUrl, slashCommand(ada, "/quiz", "stop", responseUrl), signed);
    await handler.waitForEvents(1);
    await slack.fake.waitFor(() => slack.fake.callsTo("chat.postMessage").length === 1);
    expect(slack.fake.responses).toHaveLength(1);
    expect(slack.fake.responses[0]?.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(slack.fake.responses[0]?.body.text)).toContain("No round is running");
    const posted = slack.fake.callsTo("chat.postMessage")[0];
    expect(posted?.args).toMatchObject({ channel: "CSTUDY" });
    expect(posted?.token).toBe(botToken);
  });

  it("GIVEN a button click THEN it arrives as a button event on its message, and update edits that message", async () => {
    const { slack, handler } = await start(async (event) => {
      if (event.type === "button")
        await event.reply.update({ kind: "notice", notice: { code: "question_closed" } });
    });
    await postInteraction(
      slack.eventsUrl,
      blockAction(ada, { actionId: "answer:7:B" }, { ts: "1700000000.000001" }, slack.fake.responseUrl()),
      signed,
    );
    await handler.waitForEvents(1);
    const event = handler.events[0] as ButtonEvent;
    expect(event).toMatchObject({
      type: "button",
      actionId: "answer:7:B",
      message: { platform: "slack", channelId: "CSTUDY", messageId: "1700000000.000001" },
      user: { id: "UADA", isAdmin: true },
    });
    expect(event.values).toBeUndefined();
    await slack.fake.waitFor(() => slack.fake.callsTo("chat.update").length === 1);
    expect(slack.fake.callsTo("chat.update")[0]?.args).toMatchObject({
      channel: "CSTUDY",
      ts: "1700000000.000001",
    });
  });

  it("GIVEN options picked in a multi-select THEN the button event carries their values", async () => {
    const { slack, handler } = await start();
    await postInteraction(
      slack.eventsUrl,
      blockAction(ada, { actionId: "multi:7", selected: ["A", "C"] }, { ts: "1" }, slack.fake.responseUrl()),
      signed,
    );
    await handler.waitForEvents(1);
    expect(handler.events[0]).toMatchObject({ type: "button", actionId: "multi:7", values: ["A", "C"] });
  });

  it("GIVEN Slack retries an event (same event_id, x-slack-retry-num: 1) THEN it is handled once", async () => {
    const { slack, handler } = await start();
    const envelope = eventCallback(channelMessage(ada, "asyncio.gather"), "Ev-retried");
    const first = await postEvent(slack.eventsUrl, envelope, signed);
    const retry = await postEvent(slack.eventsUrl, envelope, { signingSecret, retryNum: 1 });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await handler.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(handler.events).toHaveLength(1);
    expect(handler.events[0]).toMatchObject({
      type: "message",
      text: "asyncio.gather",
      deliveryId: "Ev-retried",
    });
  });

  it("GIVEN the bot's own or an edited message THEN it is not taken for an answer", async () => {
    const { slack, handler } = await start();
    await postEvent(
      slack.eventsUrl,
      eventCallback({ ...channelMessage(ada, "x"), subtype: "message_changed" }),
      signed,
    );
    await postEvent(
      slack.eventsUrl,
      eventCallback(channelMessage({ ...ada, userId: "UBOT" }, "bot says")),
      signed,
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(handler.events).toHaveLength(0);
  });

  it("GIVEN the Run & review shortcut on a message THEN a message command arrives with its text and author", async () => {
    const { slack, handler } = await start();
    slack.fake.addUser({ id: "UBOB", name: "bob" });
    await postInteraction(
      slack.eventsUrl,
      messageShortcut(ada, { text: "print(1)", userId: "UBOB" }, slack.fake.responseUrl()),
      signed,
    );
    await handler.waitForEvents(1);
    expect(handler.events[0]).toMatchObject({
      type: "message_command",
      name: "run-review",
      targetText: "print(1)",
      targetAuthor: { id: "UBOB", displayName: "bob", isAdmin: false },
    });
  });

  it("GIVEN the handler throws THEN the member gets a private generic error and the next event still works", async () => {
    let calls = 0;
    const { slack, handler } = await start(async () => {
      calls += 1;
      if (calls === 1) throw new Error(`database down (token ${botToken})`);
    });
    const responseUrl = slack.fake.responseUrl();
    await postCommand(slack.eventsUrl, slashCommand(ada, "/stats", "", responseUrl), signed);
    await slack.fake.waitFor(() => slack.fake.responses.length === 1);
    expect(slack.fake.responses[0]?.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(slack.fake.responses[0]?.body.text)).toContain("Something went wrong");
    await postCommand(slack.eventsUrl, slashCommand(ada, "/stats", "", slack.fake.responseUrl()), signed);
    await handler.waitForEvents(2);
  });
});
