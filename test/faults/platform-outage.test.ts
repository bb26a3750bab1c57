import { afterEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../fakes/discord/fake-discord.js";
import type { RecordedCall } from "../fakes/slack/fake-slack.js";
import { type Actor, blockAction, slashCommand } from "../fakes/slack/payloads.js";
import { ada, grace, startDiscordBot } from "../platforms/discord/harness.js";
import { storedAnswers } from "../support/figures.js";
import { eventually, ManualTime } from "../support/manual-time.js";

// Loaded after discord.js (the harness above): Bolt brings undici 7, and whichever undici loads first
// becomes the process's dispatcher, which must be discord.js's (see src/platforms/create-platforms.ts).
const { startSlackBot } = await import("../fakes/slack/slack-harness.js");

/**
 * The chat platform's connection fails in the middle of a round: Discord closes the gateway, Slack's
 * Socket Mode socket is cut. The real bot (createBot on PGlite) must reconnect, keep taking answers, and
 * post each question and each summary exactly once.
 */
describe("the chat platform drops its connection mid-round", () => {
  const stops: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it("GIVEN the Discord gateway closes (resumable, then not) THEN the client reconnects, the next press is answered and nothing is posted twice", async () => {
    const time = new ManualTime(new Date());
    // One choice question (startDiscordBot's pack), closed when the test advances the time.
    const { discord, database, stop } = await startDiscordBot(
      { clock: time, timers: time, rounds: { revealPauseMs: 1000, sweepMs: 600_000 } },
      { now: () => time.now().getTime() },
    );
    stops.push(stop);
    const channelPosts = () =>
      discord.requests.filter(
        (request: RecordedRequest) =>
          request.method === "POST" && request.path === `/channels/${discord.channelId}/messages`,
      );

    await discord.waitForRequest(
      discord.send.command(ada, "quiz", { questions: 1, seconds: 60 }, "start").answers,
    );
    await eventually(() => expect(channelPosts()).toHaveLength(1), 20_000);
    const message = [...discord.messages.values()].find((stored) => stored.components.length > 0);
    const button = JSON.stringify(message?.components).match(/"custom_id":"(q:a:\d+:1)"/)?.[1] ?? "";
    expect(button).not.toBe("");
    const adaAck = await discord.waitForRequest(discord.send.button(ada, message?.id ?? "", button).answers);
    expect(JSON.stringify(adaAck.body)).toContain("Correct");

    // Maintenance: a resumable close, then one that forces a fresh IDENTIFY.
    discord.gateway.dropConnections(4000);
    await eventually(
      () => expect(discord.gateway.resumes + discord.gateway.identifies.length).toBeGreaterThanOrEqual(2),
      20_000,
    );
    await eventually(() => expect(discord.gateway.connectedSessions).toBe(1), 20_000);
    discord.gateway.dropConnections(4009);
    await eventually(
      () => expect(discord.gateway.resumes + discord.gateway.identifies.length).toBeGreaterThanOrEqual(3),
      20_000,
    );
    await eventually(() => expect(discord.gateway.connectedSessions).toBe(1), 20_000);

    const graceAck = await discord.waitForRequest(
      discord.send.button(grace, message?.id ?? "", button).answers,
      { timeoutMs: 20_000 },
    );
    expect(JSON.stringify(graceAck.body)).toContain("Correct");

    time.advance(61_000);
    await eventually(() => {
      time.advance(1000);
      expect(channelPosts()).toHaveLength(2);
    }, 20_000);
    const titles = channelPosts().map((request) => JSON.stringify(request.body));
    expect(titles.filter((body) => body.includes("Round over"))).toHaveLength(1);
    expect((await storedAnswers(database.db)).map((row) => row.name).sort()).toEqual(["Ada", "Grace"]);
  }, 40_000);

  it("GIVEN the Slack Socket Mode socket is cut THEN the app reconnects, a replayed click counts once, the next click is answered and nothing is posted twice", async () => {
    const time = new ManualTime(new Date());
    const channelId = "CSTUDY";
    const adaActor: Actor = { userId: "UADA", userName: "ada", channelId };
    const graceActor: Actor = { userId: "UGRACE", userName: "grace", channelId };
    const { slack, database, stop } = await startSlackBot(
      [
        { id: adaActor.userId, name: "ada", displayName: "Ada" },
        { id: graceActor.userId, name: "grace", displayName: "Grace" },
      ],
      { clock: time, timers: time, rounds: { revealPauseMs: 1000, sweepMs: 600_000 } },
      { now: () => time.now() },
      "socket",
    );
    stops.push(stop);
    const { fake } = slack;
    await fake.socket.waitForConnection(1);
    const posts = () => fake.callsTo("chat.postMessage");
    const withButtons = (call: RecordedCall) => JSON.stringify(call.args.blocks ?? []).includes('"q:a:');

    await fake.socket.deliver(
      "slash_commands",
      slashCommand(adaActor, "/quiz", "start questions:1 seconds:60", fake.responseUrl()),
    );
    await eventually(() => expect(posts().filter(withButtons)).toHaveLength(1), 20_000);
    const question = posts().find(withButtons) as RecordedCall;
    const actionId = JSON.stringify(question.args.blocks).match(/"action_id":"(q:a:\d+:1)"/)?.[1] ?? "";
    const ts = (question.answer as { ts: string }).ts;
    const click = (actor: Actor) => {
      const responseUrl = fake.responseUrl();
      return {
        id: responseUrl.split("/").at(-1) ?? "",
        payload: blockAction(actor, { actionId }, { ts }, responseUrl),
      };
    };
    const replyTo = async (id: string) => {
      await eventually(
        () => expect(fake.responses.some((response) => response.id === id)).toBe(true),
        20_000,
      );
      return JSON.stringify(
        fake.responses.filter((response) => response.id === id).map((response) => response.body),
      );
    };

    const adaClick = click(adaActor);
    await fake.socket.deliver("interactive", adaClick.payload);
    expect(await replyTo(adaClick.id)).toContain("Correct");

    fake.socket.dropConnections();
    await fake.socket.waitForConnection(2, 20_000);
    await fake.waitFor(() => fake.socket.openConnections === 1, 20_000);
    // Slack replays what it is unsure was acknowledged; the same click arrives again on the new socket.
    await fake.socket.deliver("interactive", adaClick.payload, { retryAttempt: 1 });
    const graceClick = click(graceActor);
    await fake.socket.deliver("interactive", graceClick.payload);
    expect(await replyTo(graceClick.id)).toContain("Correct");
    // The replay was dropped or refused as already answered: never a second ack.
    const adaAcks = fake.responses.filter(
      (response) => response.id === adaClick.id && JSON.stringify(response.body).includes("Correct"),
    );
    expect(adaAcks).toHaveLength(1);

    time.advance(61_000);
    await eventually(() => {
      time.advance(1000);
      expect(posts().filter((call) => JSON.stringify(call.args).includes("Round over"))).toHaveLength(1);
    }, 20_000);
    expect(posts().filter(withButtons)).toHaveLength(1);
    expect(posts()).toHaveLength(3); // round started, the question, the summary
    expect((await storedAnswers(database.db)).map((row) => row.name).sort()).toEqual(["Ada", "Grace"]);
  }, 40_000);
});
