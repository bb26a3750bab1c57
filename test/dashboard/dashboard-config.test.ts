import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardFeature } from "../../src/app/dashboard/dashboard-feature.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { SignedDashboardLinks, verifyLinkToken } from "../../src/dashboard/link-token.js";
import type { ChatUser, CommandEvent } from "../../src/domain/ports/chat-platform.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { present } from "../../src/platforms/shared/present.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startTestDashboard } from "./dashboard-fixture.js";

const secret = "0123456789abcdef0123456789abcdef-secret";

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("the dashboard's configuration", () => {
  it("GIVEN no DASHBOARD_PORT THEN the dashboard is off and needs nothing else", () => {
    expect(loadConfig({}).env.DASHBOARD_PORT).toBeUndefined();
  });

  it("GIVEN DASHBOARD_PORT without its secret or URL THEN start-up stops naming each missing variable", () => {
    const problems = problemsOf({ DASHBOARD_PORT: "8090" }).join("\n");
    expect(problems).toMatch(/DASHBOARD_SECRET: required when DASHBOARD_PORT is set/);
    expect(problems).toMatch(/DASHBOARD_URL: required when DASHBOARD_PORT is set/);
  });

  it("GIVEN a short secret, a bad URL and a bad port THEN each is named, the secret's value never", () => {
    const problems = problemsOf({
      DASHBOARD_PORT: "99999",
      DASHBOARD_SECRET: "short-secret",
      DASHBOARD_URL: "ftp://dash.example.org",
    }).join("\n");
    expect(problems).toMatch(/DASHBOARD_PORT/);
    expect(problems).toMatch(/DASHBOARD_SECRET: expected at least 32 characters/);
    expect(problems).toMatch(/DASHBOARD_URL: expected an http\(s\) URL/);
    expect(problems).not.toContain("short-secret");
  });

  it("GIVEN a full dashboard configuration THEN the secret is kept from the logs and the URL loses its slash", () => {
    const config = loadConfig({
      DASHBOARD_PORT: "8090",
      DASHBOARD_SECRET: secret,
      DASHBOARD_URL: "https://quiz.example.org/dash/",
      DASHBOARD_ORGANISERS: "U123, U456",
    });
    expect(config.env.DASHBOARD_URL).toBe("https://quiz.example.org/dash");
    expect(config.env.DASHBOARD_ORGANISERS).toEqual(["U123", "U456"]);
    expect(config.secrets).toContain(secret);
  });
});

describe("/dashboard", () => {
  const now = new Date("2026-12-02T12:00:00Z");
  const links = new SignedDashboardLinks({ secret, baseUrl: "https://quiz.example.org" });

  async function ask(user: ChatUser, organisers: readonly string[] = []): Promise<View[]> {
    const replies: View[] = [];
    const feature = dashboardFeature({ links, clock: { now: () => now }, organisers });
    const reply = async (view: View) => {
      replies.push(view);
      return undefined;
    };
    const event = {
      type: "command",
      name: "dashboard",
      options: {},
      user,
      place: { platform: user.platform, workspaceId: "T01", channelId: "C01" },
      deliveryId: "d1",
      receivedAt: now,
      reply: { public: reply, private: async (view: View) => void (await reply(view)) },
    } as unknown as CommandEvent;
    await feature.commands?.dashboard?.(event);
    return replies;
  }

  function claimsOf(view: View | undefined) {
    if (view?.kind !== "dashboard_link" || !view.url) throw new Error("no link");
    const token = new URL(view.url).searchParams.get("token") ?? "";
    const verified = verifyLinkToken(secret, token, now);
    if (!verified.ok) throw new Error(verified.error);
    return verified.value;
  }

  it("GIVEN an admin THEN the private reply links to the organiser view of this workspace for 15 minutes", async () => {
    const [view] = await ask({ platform: "slack", id: "U1", displayName: "Ada", isAdmin: true });
    const claims = claimsOf(view);
    expect(claims).toMatchObject({
      platform: "slack",
      workspaceId: "T01",
      memberId: "U1",
      role: "organiser",
    });
    expect(claims.expiresAt).toBe(now.getTime() + 15 * 60_000);
    const text = present(view as View, { privateReplies: true } as never).fallback;
    expect(text).toContain("organiser");
  });

  it("GIVEN a member THEN the link is to their own page; GIVEN a listed organiser THEN to the organiser view", async () => {
    const member = { platform: "slack", id: "U2", displayName: "Bo", isAdmin: false } as const;
    expect(claimsOf((await ask(member))[0]).role).toBe("member");
    expect(claimsOf((await ask(member, ["U2"]))[0]).role).toBe("organiser");
  });

  it("GIVEN no dashboard configured THEN the reply says so privately", async () => {
    const feature = dashboardFeature({ clock: { now: () => now } });
    const views: View[] = [];
    await feature.commands?.dashboard?.({
      user: { platform: "console", id: "me", displayName: "me", isAdmin: true },
      place: { platform: "console", workspaceId: "console", channelId: "console" },
      reply: { private: async (view: View) => void views.push(view) },
    } as unknown as CommandEvent);
    const message = present(views[0] as View, {} as never);
    expect(message.fallback).toContain("DASHBOARD_PORT");
  });
});

describe("the dashboard's cookie behind TLS", () => {
  let database: TestDatabase;
  // Sessions are stored: this server needs a database (PGlite) for them, though it reads no figures.
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("GIVEN DASHBOARD_URL on https THEN the session cookie is also Secure", async () => {
    const unused = async () => {
      throw new Error("no page is read here");
    };
    const server = await startTestDashboard(database.db, {
      store: { overview: unused, member: unused, questions: unused, question: unused, tags: unused },
      secret,
      baseUrl: "https://quiz.example.org",
    });
    try {
      const links = new SignedDashboardLinks({ secret, baseUrl: server.url });
      const now = new Date();
      const link = links.linkFor(
        { platform: "slack", workspaceId: "T01", memberId: "U1", role: "member" },
        now,
      );
      const response = await fetch(link);
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toMatch(/; Secure$/);
    } finally {
      await server.close();
    }
  });
});
