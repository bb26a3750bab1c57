import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardServer } from "../../src/dashboard/dashboard-server.js";
import { SignedDashboardLinks } from "../../src/dashboard/link-token.js";
import type { FakeDiscord, RecordedRequest } from "../fakes/discord/fake-discord.js";
import type { FakeUser } from "../fakes/discord/payloads.js";
import { ada, admin, startDiscordBot } from "../platforms/discord/harness.js";
import type { TestDatabase } from "../support/database.js";
import { enterLink, startTestDashboard } from "./dashboard-fixture.js";

// Loaded after discord.js (the harness above): Bolt brings undici 7, and whichever undici loads first
// becomes the process's dispatcher, which must be discord.js's (see src/platforms/create-platforms.ts).
const { fakeTeamId } = await import("../fakes/slack/fake-slack.js");
const { slashCommand } = await import("../fakes/slack/payloads.js");
const { postCommand } = await import("../fakes/slack/signed-request.js");
const { signingSecret, startSlackBot } = await import("../fakes/slack/slack-harness.js");

/**
 * `/dashboard` through the real discord.js client and the real Bolt app against the fake Discord and
 * Slack: the private reply, and the link in it opened over HTTP on the real dashboard server, the way a
 * member's browser would (the one-use exchange, then the page with the session cookie).
 */
const secret = "chat-dashboard-secret-0123456789abcdef";
// DASHBOARD_URL as members reach it; the test stands in for the proxy in front of the server.
const publicUrl = "https://quiz.example.org";
const links = new SignedDashboardLinks({ secret, baseUrl: publicUrl });

function startServer(database: TestDatabase): Promise<DashboardServer> {
  return startTestDashboard(database.db, { secret, baseUrl: publicUrl, cacheMs: 0 });
}

/** The link in a reply's text (JSON of the message), checked to be under DASHBOARD_URL. */
function linkIn(text: string): string {
  const link = /https:\/\/quiz\.example\.org\/enter\?token=[\w.-]+/.exec(text)?.[0];
  if (!link) throw new Error(`no dashboard link in ${text}`);
  return link;
}

/** Opens `link` like a browser: the one-use exchange, then where it leads, with the session cookie. */
async function open(server: DashboardServer, link: string) {
  const { status, cookie = "", home = "" } = await enterLink(server, link);
  expect(status).toBe(200);
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  const page = await get(home);
  return { home, status: page.status, html: await page.text(), get, reuse: () => enterLink(server, link) };
}

describe("/dashboard on the fake Discord", { timeout: 120_000 }, () => {
  let started: Awaited<ReturnType<typeof startDiscordBot>>;
  let server: DashboardServer;
  beforeAll(async () => {
    started = await startDiscordBot({ dashboard: { links } });
    server = await startServer(started.database);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await started?.stop();
  });

  /** The reply to `user`'s /dashboard as JSON text, checked to be ephemeral (flag 64) wherever it went. */
  async function dashboardReply(discord: FakeDiscord, user: FakeUser): Promise<string> {
    const sent = discord.send.command(user, "dashboard");
    const said = (request: RecordedRequest) => /dashboard|DASHBOARD/.test(JSON.stringify(request.body));
    const reply = await discord.waitForRequest((request) => sent.answers(request) && said(request));
    const callback = discord.requests.find(
      (request) => sent.answers(request) && request.path.endsWith("/callback"),
    );
    expect((callback?.body as { data?: { flags?: number } } | undefined)?.data?.flags).toBe(64);
    // The fake keeps ephemeral messages with the channel's, flagged 64; none went to everyone.
    expect(discord.channelMessages().filter((message) => ((message.flags ?? 0) & 64) === 0)).toEqual([]);
    return JSON.stringify(reply.body);
  }

  it("GIVEN an admin (Manage Server) WHEN they ask /dashboard THEN a private one-use link opens the organiser view of this server, and no other server's", async () => {
    const { discord } = started;
    const text = await dashboardReply(discord, admin);
    expect(text).toContain("organiser");
    const link = linkIn(text);
    const opened = await open(server, link);
    expect(opened.home).toBe(`/w/discord/${discord.guild.id}`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(`Server dashboard (discord ${discord.guild.id})`);
    expect((await opened.get("/w/discord/100000000000000999")).status).toBe(403);
    expect((await opened.get(`/w/slack/${discord.guild.id}`)).status).toBe(403);
    expect((await opened.reuse()).status).toBe(403);
  });

  it("GIVEN a member WHEN they ask /dashboard THEN the private link opens their own page only", async () => {
    const { discord } = started;
    const text = await dashboardReply(discord, ada);
    expect(text).toContain("Your own page");
    const opened = await open(server, linkIn(text));
    expect(opened.home).toBe(`/w/discord/${discord.guild.id}/members/${ada.id}`);
    expect(opened.status).toBe(200);
    expect((await opened.get(`/w/discord/${discord.guild.id}`)).status).toBe(403);
    expect((await opened.get(`/w/discord/100000000000000999/members/${ada.id}`)).status).toBe(403);
  });

  it("GIVEN no dashboard (DASHBOARD_PORT unset) WHEN an admin asks /dashboard THEN the private reply says so", async () => {
    const off = await startDiscordBot();
    try {
      const text = await dashboardReply(off.discord, admin);
      expect(text).toContain("has not set `DASHBOARD_PORT`");
      expect(text).not.toContain("/enter?token=");
    } finally {
      await off.stop();
    }
  });
});

describe("/dashboard on the fake Slack", { timeout: 120_000 }, () => {
  const member = { userId: "UADA", userName: "ada", channelId: "CSTUDY" };
  const owner = { userId: "UOWNER", userName: "olga", channelId: "CSTUDY" };
  let started: Awaited<ReturnType<typeof startSlackBot>>;
  let server: DashboardServer;
  beforeAll(async () => {
    started = await startSlackBot([{ id: member.userId, name: "ada", displayName: "Ada" }], {
      dashboard: { links },
    });
    started.slack.fake.addUser({ id: owner.userId, name: "olga", displayName: "Olga", isOwner: true });
    server = await startServer(started.database);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await started?.stop();
  });

  /** The reply to `actor`'s /dashboard through the command's response_url, checked to be ephemeral. */
  async function dashboardReply(slack: typeof started.slack, actor: typeof member): Promise<string> {
    const { fake } = slack;
    const before = fake.responses.length;
    await postCommand(slack.eventsUrl, slashCommand(actor, "/dashboard", "", fake.responseUrl()), {
      signingSecret,
    });
    await fake.waitFor(() => fake.responses.length > before);
    const body = fake.responses[before]?.body;
    expect(body?.response_type).toBe("ephemeral");
    expect(fake.callsTo("chat.postMessage")).toEqual([]);
    return JSON.stringify(body);
  }

  it("GIVEN a workspace owner WHEN they ask /dashboard THEN a private one-use link opens the organiser view of this workspace, and no other's", async () => {
    const text = await dashboardReply(started.slack, owner);
    expect(text).toContain("organiser");
    const opened = await open(server, linkIn(text));
    expect(opened.home).toBe(`/w/slack/${fakeTeamId}`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(`Server dashboard (slack ${fakeTeamId})`);
    expect((await opened.get("/w/slack/T0OTHER")).status).toBe(403);
    expect((await opened.reuse()).status).toBe(403);
  });

  it("GIVEN a member WHEN they ask /dashboard THEN the private link opens their own page only", async () => {
    const text = await dashboardReply(started.slack, member);
    expect(text).toContain("Your own page");
    const opened = await open(server, linkIn(text));
    expect(opened.home).toBe(`/w/slack/${fakeTeamId}/members/${member.userId}`);
    expect(opened.status).toBe(200);
    expect((await opened.get(`/w/slack/${fakeTeamId}`)).status).toBe(403);
    expect((await opened.get(`/w/slack/T0OTHER/members/${member.userId}`)).status).toBe(403);
  });

  it("GIVEN no dashboard (DASHBOARD_PORT unset) WHEN a member asks /dashboard THEN the private reply says so", async () => {
    const off = await startSlackBot([{ id: member.userId, name: "ada", displayName: "Ada" }]);
    try {
      const text = await dashboardReply(off.slack, member);
      expect(text).toContain("has not set `DASHBOARD_PORT`");
      expect(text).not.toContain("/enter?token=");
    } finally {
      await off.stop();
    }
  });
});
