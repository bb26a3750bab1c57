import { afterEach, describe, expect, it } from "vitest";
import type { CommandEvent, EventHandler } from "../../../src/domain/ports/chat-platform.js";
import { ada, admin, grace, RecordingHandler, startDiscord } from "./harness.js";

type Started = Awaited<ReturnType<typeof startDiscord>>;
let started: Started | undefined;

afterEach(async () => {
  // Every call the adapter made must have been one Discord accepts (429s are injected on purpose).
  const refused = started?.discord.requests.filter(
    (request) => request.status >= 400 && request.status !== 429,
  );
  await started?.stop();
  expect(refused?.map((request) => `${request.status} ${request.method} ${request.path}`) ?? []).toEqual([]);
  started = undefined;
});

async function start(behaviour?: EventHandler, options: Parameters<typeof startDiscord>[1] = {}) {
  const handler = new RecordingHandler(behaviour);
  started = await startDiscord(handler.handle, options);
  return { handler, ...started };
}

describe("DiscordPlatform on the fake Discord", () => {
  it("GIVEN a bot token WHEN it starts THEN it logs in with only the Guilds intent and never logs the token", async () => {
    const { discord, logLines } = await start();
    expect(discord.gateway.identifies).toHaveLength(1);
    expect(discord.gateway.identifies[0]?.intents).toBe(1);
    expect(discord.unknownRoutes).toEqual([]);
    expect(logLines.join("\n")).toContain("connected to Discord");
    expect(logLines.join("\n")).not.toContain(discord.token);
  });

  it("GIVEN /quiz schedule add WHEN it arrives THEN the handler gets the command with typed options", async () => {
    const { discord, handler } = await start();
    const next = handler.next();
    const sent = discord.send.command(
      admin,
      "quiz",
      { when: "weekdays 09:00", questions: 3 },
      "schedule add",
    );
    const event = (await next) as CommandEvent;
    expect(event).toMatchObject({
      type: "command",
      name: "quiz",
      subcommand: "schedule add",
      options: { when: "weekdays 09:00", questions: 3 },
      deliveryId: sent.id,
      user: { platform: "discord", id: admin.id, displayName: "Admin", isAdmin: true },
      place: { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
    });
  });

  it("GIVEN a command in a DM with the bot THEN the place is the DM channel of workspace dm and nobody is admin", async () => {
    const { handler, discord } = await start();
    const next = handler.next();
    discord.send.command(admin, "stats", {}, undefined, { dm: true });
    expect(await next).toMatchObject({
      place: { platform: "discord", workspaceId: "dm", channelId: `9${admin.id.slice(1)}` },
      user: { id: admin.id, isAdmin: false },
    });
  });

  it("GIVEN a server of three members THEN at most two could answer (the bot left out), from Discord's member count", async () => {
    const { discord, platform } = await start();
    discord.setMemberCount(3);
    const place = {
      platform: "discord",
      workspaceId: discord.guild.id,
      channelId: discord.channelId,
    } as const;
    expect(await platform.channelPresence(place)).toEqual({ kind: "at_most", count: 2 });
    const asked = discord.requests.find((request) => request.path === `/guilds/${discord.guild.id}`);
    expect(asked?.method).toBe("GET");
    expect(asked?.query.get("with_counts")).toBe("true");
    expect(discord.unknownRoutes).toEqual([]);
  });

  it("GIVEN a direct message with the bot THEN one member could answer", async () => {
    const { platform } = await start();
    const place = { platform: "discord", workspaceId: "dm", channelId: `9${ada.id.slice(1)}` } as const;
    expect(await platform.channelPresence(place)).toEqual({ kind: "at_most", count: 1 });
  });

  it("GIVEN shards auto THEN the client asks Discord for the count and identifies as shard 0 of 1", async () => {
    const { discord } = await start(undefined, { shards: "auto" });
    expect(discord.gateway.identifies.map((identity) => identity.shard)).toEqual([[0, 1]]);
  });

  it("GIVEN a member with the configured admin role THEN they count as admin; a plain member does not", async () => {
    const { discord, handler } = await start();
    let next = handler.next();
    discord.send.command({ ...grace, roles: ["400000000000000001"] }, "stats");
    expect((await next).user.isAdmin).toBe(true);
    next = handler.next();
    discord.send.command(ada, "stats");
    expect((await next).user).toMatchObject({ isAdmin: false, displayName: "Ada" });
  });

  it("GIVEN an option out of range WHEN the command arrives THEN it is answered privately and never reaches the handler", async () => {
    const { discord, handler } = await start();
    const sent = discord.send.command(ada, "quiz", { questions: 500 }, "start");
    const reply = await discord.waitForRequest(sent.answers);
    expect(reply.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(reply.body)).toContain("questions");
    expect(JSON.stringify(reply.body)).toContain("1 to 50");
    expect(handler.events).toEqual([]);
  });

  it("GIVEN a button press WHEN the handler answers privately THEN the reply carries the ephemeral flag 64", async () => {
    const { discord, platform } = await start(async (event) => {
      if (event.type === "button")
        await event.reply.private({ kind: "notice", notice: { code: "already_answered" } });
    });
    const posted = await platform.post(
      { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
      { kind: "help" },
    );
    const sent = discord.send.button(grace, posted.messageId, "answer:1:A");
    const reply = await discord.waitForRequest(sent.answers);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it("GIVEN a handler that throws WHEN an interaction arrives THEN a private error is sent and the next interaction still works", async () => {
    let calls = 0;
    const { discord, handler } = await start(async (event) => {
      calls += 1;
      if (calls === 1) throw new Error("boom");
      if (event.type === "command") await event.reply.public({ kind: "help" });
    });
    const first = discord.send.command(ada, "help");
    const failure = await discord.waitForRequest(first.answers);
    expect(failure.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const second = discord.send.command(ada, "help");
    const answer = await discord.waitForRequest(second.answers);
    expect(answer.body).toMatchObject({ type: 4 });
    expect((answer.body as { data: { flags?: number } }).data.flags ?? 0).toBe(0);
    expect(handler.events).toHaveLength(2);
  });

  it("GIVEN a handler that defers and then throws THEN the private placeholder is filled with the error", async () => {
    const { discord } = await start(async (event) => {
      if (event.type === "command") await event.reply.defer({ private: true });
      throw new Error("after defer");
    });
    const sent = discord.send.command(ada, "stats");
    const edit = await discord.waitForRequest(
      (request) => sent.answers(request) && request.method === "PATCH",
    );
    expect(JSON.stringify(edit.body)).toContain("Something went wrong");
    expect(discord.requests.filter(sent.answers).map((request) => request.method)).toEqual(["POST", "PATCH"]);
  });

  it("GIVEN Discord refuses an answer THEN the error the app sees names the route without the interaction token", async () => {
    let caught: unknown;
    const { discord } = await start(async (event) => {
      if (event.type !== "command") return;
      try {
        await event.reply.private({ kind: "help" });
      } catch (error) {
        caught = error;
      }
    });
    discord.failNext((_method, path) => path.endsWith("/callback"), { status: 400 });
    const sent = discord.send.command(ada, "help");
    await discord.waitForRequest(sent.answers);
    await waitUntil(() => caught !== undefined);
    expect(caught).toMatchObject({
      name: "DiscordRequestError",
      status: 400,
      path: `/api/v10/interactions/${sent.id}/[token]/callback`,
    });
    expect(JSON.stringify(caught) + String((caught as Error).stack)).not.toContain(sent.token);
    started?.discord.requests.splice(0); // the refused call was on purpose
  });

  it("GIVEN a slow handler THEN the interaction is deferred before Discord's 3 s and the answer edits the placeholder", async () => {
    const { discord } = await start(
      async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (event.type === "command") await event.reply.private({ kind: "help" });
      },
      { autoDeferMs: 50 },
    );
    const sent = discord.send.command(ada, "help");
    const deferral = await discord.waitForRequest(sent.answers);
    expect(deferral.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await discord.waitForRequest(
      (request) => sent.answers(request) && request.method === "PATCH",
    );
    expect(edit.path).toBe(`/webhooks/${discord.applicationId}/${sent.token}/messages/@original`);
  });

  it("GIVEN a slow handler that answers publicly THEN the private placeholder is removed and the answer posted in the channel", async () => {
    const { discord } = await start(
      async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (event.type === "command") await event.reply.public({ kind: "help" });
      },
      { autoDeferMs: 50 },
    );
    const sent = discord.send.command(ada, "help");
    const post = await discord.waitForRequest(
      (request) => request.path === `/channels/${discord.channelId}/messages`,
    );
    expect(post.method).toBe("POST");
    expect(
      discord.requests
        .filter(sent.answers)
        .map((request) => `${request.method} ${request.path.split("/").at(-1)}`),
    ).toEqual(["POST callback", "DELETE @original"]);
  });

  it("GIVEN a button WHEN the handler updates its message THEN the component message is replaced (type 7)", async () => {
    const { discord, platform } = await start(async (event) => {
      if (event.type === "button") await event.reply.update({ kind: "help" });
    });
    const posted = await platform.post(
      { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
      { kind: "notice", notice: { code: "no_round" } },
    );
    const sent = discord.send.button(ada, posted.messageId, "anything");
    const update = await discord.waitForRequest(sent.answers);
    expect(update.body).toMatchObject({ type: 7 });
    expect(discord.messages.get(posted.messageId)?.embeds).toEqual(
      (update.body as { data: { embeds: unknown[] } }).data.embeds,
    );
  });

  it("GIVEN a late edit after the token expired THEN it falls back to a channel message", async () => {
    let now = Date.now();
    let sentEvent: CommandEvent | undefined;
    const { discord, handler } = await start(
      async (event) => {
        if (event.type === "command") {
          sentEvent = event;
          await event.reply.public({ kind: "help" });
        }
      },
      { now: () => now },
    );
    const sent = discord.send.command(ada, "help");
    await discord.waitForRequest(sent.answers);
    expect(handler.events).toHaveLength(1);
    now += 16 * 60_000;
    const mark = discord.requests.length;
    await sentEvent?.reply.update({ kind: "notice", notice: { code: "no_round" } });
    const fallback = await discord.waitForRequest((request) => request.method === "POST", { from: mark });
    expect(fallback.path).toBe(`/channels/${discord.channelId}/messages`);
  });

  it("GIVEN a string select THEN the button event carries the picked values", async () => {
    const { discord, platform, handler } = await start();
    const posted = await platform.post(
      { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
      { kind: "help" },
    );
    const next = handler.next();
    discord.send.select(ada, posted.messageId, "multi:1", ["A", "C"]);
    expect(await next).toMatchObject({
      type: "button",
      actionId: "multi:1",
      values: ["A", "C"],
      message: { messageId: posted.messageId },
    });
  });

  it("GIVEN a modal submit THEN the handler gets a form event with the fields", async () => {
    const { discord, handler } = await start();
    const next = handler.next();
    discord.send.modal(ada, "answer:7", { answer: "asyncio.gather" });
    expect(await next).toMatchObject({
      type: "form",
      formId: "answer:7",
      fields: { answer: "asyncio.gather" },
    });
  });

  it("GIVEN a button that opens a form THEN a modal with a paragraph input is shown (type 9)", async () => {
    const { discord, platform } = await start(async (event) => {
      if (event.type === "button") {
        await event.reply.openForm({
          kind: "typed_answer",
          formId: "answer:7",
          position: 0,
          multiline: true,
        });
      }
    });
    const posted = await platform.post(
      { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
      { kind: "help" },
    );
    const sent = discord.send.button(ada, posted.messageId, "open:7");
    const modal = await discord.waitForRequest(sent.answers);
    expect(modal.body).toMatchObject({
      type: 9,
      data: {
        custom_id: "answer:7",
        components: [{ type: 1, components: [{ type: 4, custom_id: "answer", style: 2 }] }],
      },
    });
  });

  it("GIVEN Run & review on a message THEN the handler gets the message text and author", async () => {
    const { discord, handler } = await start();
    const next = handler.next();
    discord.send.messageCommand(ada, "Run & review", { author: grace, content: "```py\nprint(1)\n```" });
    expect(await next).toMatchObject({
      type: "message_command",
      name: "run-review",
      targetText: "```py\nprint(1)\n```",
      targetAuthor: { id: grace.id, displayName: "Grace", isAdmin: false },
    });
  });

  it("GIVEN typing in an autocompleted option THEN the event names the list the catalogue gives it and respond() sends the choices (type 8)", async () => {
    const { discord } = await start(async (event) => {
      if (event.type === "autocomplete") {
        expect(event).toMatchObject({
          name: "quiz",
          subcommand: "start",
          option: "topic",
          kind: "topic",
          partial: "asy",
        });
        await event.respond([{ name: "asyncio", value: "asyncio" }]);
      }
    });
    const sent = discord.send.autocomplete(ada, "quiz", "topic", "asy", "start");
    const answer = await discord.waitForRequest(sent.answers);
    expect(answer.body).toEqual({ type: 8, data: { choices: [{ name: "asyncio", value: "asyncio" }] } });
  });

  it("GIVEN a DM to a member THEN a DM channel is opened and the message posted there", async () => {
    const { discord, platform } = await start();
    const ref = await platform.directMessage({ platform: "discord", id: ada.id }, { kind: "help" });
    expect(ref?.channelId).toMatch(/^9/);
    const opened = await discord.waitForRequest((request) => request.path === "/users/@me/channels");
    expect(opened.body).toEqual({ recipient_id: ada.id });
  });

  it("GIVEN a 429 on a channel post THEN discord.js waits Retry-After and the post succeeds", async () => {
    const { discord, platform } = await start();
    discord.failNext((method, path) => method === "POST" && path.startsWith("/channels/"), {
      retryAfterSeconds: 0.3,
    });
    const began = Date.now();
    const ref = await platform.post(
      { platform: "discord", workspaceId: discord.guild.id, channelId: discord.channelId },
      { kind: "help" },
    );
    expect(ref.messageId).toBeTruthy();
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(
      discord.requests
        .filter((request) => request.path.startsWith("/channels/"))
        .map((request) => request.status),
    ).toEqual([429, 200]);
  });

  it("GIVEN a short heartbeat interval THEN the client keeps heartbeating on the one session without reconnecting", async () => {
    const { discord } = await start(undefined, { fake: { heartbeatIntervalMs: 100 } });
    await waitUntil(() => discord.gateway.heartbeats >= 3);
    expect(discord.gateway.identifies).toHaveLength(1);
    expect(discord.gateway.resumes).toBe(0);
  });

  it("GIVEN the gateway drops the connection THEN the client resumes and interactions keep arriving", async () => {
    const { discord, handler } = await start();
    discord.gateway.dropConnections(4000);
    await waitUntil(() => discord.gateway.resumes === 1 && discord.gateway.connectedSessions === 1);
    const next = handler.next();
    discord.send.command(ada, "help");
    expect(await next).toMatchObject({ type: "command", name: "help" });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
