import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardServer } from "../../src/dashboard/dashboard-server.js";
import { SignedDashboardLinks } from "../../src/dashboard/link-token.js";
import { type Database, openPostgres } from "../../src/storage/database.js";
import { guildA, now, startTestDashboard } from "./dashboard-fixture.js";

const secret = "a-test-secret-that-is-long-enough-0123456789";

/**
 * A port where a database was and is no more: bound once to learn a free number, then closed, so that the
 * real postgres.js driver meets a refused connection, as when the server is down.
 */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("the dashboard while its database does not answer", () => {
  let database: Database;
  let server: DashboardServer;
  const links = new SignedDashboardLinks({ secret, baseUrl: "http://dashboard.test" });

  beforeAll(async () => {
    database = await openPostgres({
      url: `postgres://postgres@127.0.0.1:${await closedPort()}/quizbot`,
      poolSize: 1,
    });
    server = await startTestDashboard(database.db, {
      secret,
      baseUrl: "http://dashboard.test",
      now: () => now,
      cacheMs: 0,
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("WHEN an organiser opens their link or a page THEN they are told to try again in a minute, with Retry-After, and not shown the error", async () => {
    const grant = {
      platform: guildA.platform,
      workspaceId: guildA.workspaceId,
      memberId: "admin-1",
      role: "organiser",
    } as const;
    const link = await fetch(`${server.url}/enter${new URL(links.linkFor(grant, now)).search}`);
    const page = await fetch(`${server.url}/w/discord/${guildA.workspaceId}`, {
      // A cookie of the right shape, which only the database could say is no session.
      headers: { cookie: `quizbot_dashboard=${"A".repeat(43)}` },
      redirect: "manual",
    });
    for (const response of [link, page]) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      const html = await response.text();
      expect(html).toContain("Try again in a minute");
      expect(html).toContain("cannot reach its database");
      expect(html).not.toMatch(/ECONNREFUSED|postgres|127\.0\.0\.1/);
    }
  });
});
