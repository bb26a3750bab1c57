import { afterEach, describe, expect, it } from "vitest";
import type { IncomingEvent } from "../../../src/domain/ports/chat-platform.js";
import { appHomeOpened, blockAction, eventCallback, slashCommand } from "../../fakes/slack/payloads.js";
import {
  appToken,
  RecordingHandler,
  type SlackUnderTest,
  startSlack,
} from "../../fakes/slack/slack-harness.js";

const ada = { userId: "UADA", userName: "ada", channelId: "CSTUDY" };

let slack: SlackUnderTest | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

async function start(react?: (event: IncomingEvent) => Promise<void>) {
  const handler = new RecordingHandler(react);
  slack = await startSlack("socket", handler.handle);
  slack.fake.addUser({ id: ada.userId, name: "ada" });
  return { slack, handler };
}

describe("Slack over Socket Mode", () => {
  it("GIVEN the app token THEN the adapter opens a connection through apps.connections.open", async () => {
    const { slack } = await start();
    const opened = slack.fake.callsTo("apps.connections.open");
    expect(opened).toHaveLength(1);
    expect(opened[0]?.token).toBe(appToken);
    expect(slack.fake.socket.openConnections).toBe(1);
  });

  it("GIVEN a slash command envelope THEN it is acknowledged and reaches the handler", async () => {
    const { slack, handler } = await start();
    const ack = await slack.fake.socket.deliver(
      "slash_commands",
      slashCommand(ada, "/leaderboard", "period:week", slack.fake.responseUrl()),
    );
    expect(ack).toEqual({});
    await handler.waitForEvents(1);
    expect(handler.events[0]).toMatchObject({
      type: "command",
      name: "leaderboard",
      options: { period: "week" },
      user: { id: "UADA", displayName: "ada" },
    });
  });

  it("GIVEN a bad option over the socket THEN the ack itself carries the ephemeral explanation", async () => {
    const { slack, handler } = await start();
    const ack = (await slack.fake.socket.deliver(
      "slash_commands",
      slashCommand(ada, "/leaderboard", "period:decade", slack.fake.responseUrl()),
    )) as { response_type?: string; text?: string };
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toContain("week, month, all");
    expect(handler.events).toHaveLength(0);
  });

  it("GIVEN a block action envelope THEN it arrives as a button event", async () => {
    const { slack, handler } = await start();
    await slack.fake.socket.deliver(
      "interactive",
      blockAction(ada, { actionId: "answer:3:A" }, { ts: "1700000000.000009" }, slack.fake.responseUrl()),
    );
    await handler.waitForEvents(1);
    expect(handler.events[0]).toMatchObject({ type: "button", actionId: "answer:3:A" });
  });

  it("GIVEN an event redelivered with retry_attempt THEN it is handled once", async () => {
    const { slack, handler } = await start();
    const envelope = eventCallback(
      { type: "message", channel: "CSTUDY", channel_type: "channel", user: "UADA", text: "42", ts: "1.2" },
      "Ev-socket",
    );
    await slack.fake.socket.deliver("events_api", envelope);
    await slack.fake.socket.deliver("events_api", envelope, { retryAttempt: 1 });
    await handler.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(handler.events).toHaveLength(1);
  });

  it("GIVEN a member opens the App Home THEN a home view is published for them", async () => {
    const { slack } = await start();
    await slack.fake.socket.deliver("events_api", eventCallback(appHomeOpened("UADA")));
    await slack.fake.waitFor(() => slack.fake.callsTo("views.publish").length === 1);
    const published = slack.fake.callsTo("views.publish")[0]?.args as {
      user_id: string;
      view: { type: string; blocks: unknown[] };
    };
    expect(published.user_id).toBe("UADA");
    expect(published.view.type).toBe("home");
    expect(JSON.stringify(published.view.blocks)).toContain("/quizhelp");
  });

  it("GIVEN an App Home opening redelivered with the same event id THEN Home is published once", async () => {
    const { slack } = await start();
    const envelope = eventCallback(appHomeOpened("UADA"), "Ev-home");
    await slack.fake.socket.deliver("events_api", envelope);
    await slack.fake.waitFor(() => slack.fake.callsTo("views.publish").length === 1);
    await slack.fake.socket.deliver("events_api", envelope, { retryAttempt: 1 });
    await slack.fake.socket.deliver("events_api", eventCallback(appHomeOpened("UADA"), "Ev-home-2"));
    await slack.fake.waitFor(() => slack.fake.callsTo("views.publish").length === 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(slack.fake.callsTo("views.publish")).toHaveLength(2);
  });

  it("GIVEN the app answers /stats THEN the App Home shows the member's figures above the commands", async () => {
    const { slack, handler } = await start(async (event) => {
      if (event.type !== "command" || event.name !== "stats") return;
      await event.reply.private({
        kind: "stats",
        dueToday: 7,
        duePerDay: [{ date: "2026-11-22", count: 7 }],
        reviewsDone: 42,
        retention30: 0.9,
        reviews30: 30,
        currentStreak: 3,
        longestStreak: 5,
        streakFreezes: 1,
        strongest: [],
        weakest: [],
        minTopicCount: 5,
        parameters: { source: "defaults", since: null, ownFit: null, reviews: 0, threshold: 400 },
      });
    });
    await slack.fake.socket.deliver("events_api", eventCallback(appHomeOpened("UADA")));
    await slack.fake.waitFor(() => slack.fake.callsTo("views.publish").length === 1);
    expect(handler.events[0]).toMatchObject({ type: "command", name: "stats", user: { id: "UADA" } });
    const home = JSON.stringify(slack.fake.callsTo("views.publish")[0]?.args);
    expect(home).toContain("Due today");
    expect(home).toContain("42");
    expect(home.indexOf("Due today")).toBeLessThan(home.indexOf("/quizhelp"));
  });

  it("GIVEN the connection drops THEN the adapter reconnects and keeps delivering", async () => {
    const { slack, handler } = await start();
    slack.fake.socket.dropConnections();
    await slack.fake.socket.waitForConnection(2);
    await slack.fake.waitFor(() => slack.fake.socket.openConnections === 1);
    await slack.fake.socket.deliver(
      "slash_commands",
      slashCommand(ada, "/stats", "", slack.fake.responseUrl()),
    );
    await handler.waitForEvents(1);
    expect(slack.fake.callsTo("apps.connections.open").length).toBeGreaterThanOrEqual(2);
  });
});
