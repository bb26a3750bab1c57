import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardServer } from "../../src/dashboard/dashboard-server.js";
import { SignedDashboardLinks } from "../../src/dashboard/link-token.js";
import type { DashboardGrant } from "../../src/domain/ports/dashboard-links.js";
import { type Database, openPostgres } from "../../src/storage/database.js";
import { rowsOf } from "../../src/storage/raw-sql.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { enterLink, startTestDashboard } from "./dashboard-fixture.js";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const start = new Date("2026-12-02T12:00:00Z");
const organiser: DashboardGrant = {
  platform: "discord",
  workspaceId: "100000000000000001",
  memberId: "admin-1",
  role: "organiser",
};
const home = `/w/discord/${organiser.workspaceId}`;

async function status(server: DashboardServer, path: string, cookie?: string): Promise<number> {
  const response = await fetch(`${server.url}${path}`, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response.status;
}

async function logout(server: DashboardServer, cookie: string): Promise<void> {
  const response = await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie } });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
}

function cookieValue(cookie: string | undefined): string {
  return (cookie ?? "").slice((cookie ?? "").indexOf("=") + 1);
}

for (const kind of storageKinds) {
  describe(`the dashboard's sessions shared by two servers on ${kind}`, () => {
    let database: TestDatabase;
    /** On Postgres the second server has its own connections, as a second process would. */
    let second: Database | undefined;
    let first: DashboardServer;
    let other: DashboardServer;
    let clock = start;
    const links = new SignedDashboardLinks({ secret, baseUrl: "http://dashboard.test" });

    function serve(on: Database): Promise<DashboardServer> {
      return startTestDashboard(on.db, { secret, baseUrl: "http://dashboard.test", now: () => clock });
    }

    async function count(table: "dashboard_sessions" | "dashboard_link_nonces"): Promise<number> {
      const [row] = rowsOf<{ n: number }>(
        await database.db.execute(`select count(*)::int as n from ${table}` as never),
      );
      return Number(row?.n);
    }

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      second = database.url ? await openPostgres({ url: database.url, poolSize: 5 }) : undefined;
      first = await serve(database);
      other = await serve(second ?? database);
    }, 120_000);
    afterAll(async () => {
      await first?.close();
      await other?.close();
      await second?.close();
      await database?.close();
    });

    it("GIVEN a link exchanged on one server THEN the session works on the other, and the link is refused there", async () => {
      clock = start;
      const link = links.linkFor(organiser, clock);
      const opened = await enterLink(first, link);
      expect(opened.status).toBe(200);
      expect(await status(other, home, opened.cookie)).toBe(200);
      expect(await status(other, "/", opened.cookie)).toBe(303);
      expect((await enterLink(other, link)).status).toBe(403);
      expect(await status(other, home)).toBe(403);
    });

    it("GIVEN one link opened on both servers at once, many times over THEN each link opens exactly one session", async () => {
      clock = start;
      const before = await count("dashboard_sessions");
      const results = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const link = links.linkFor(organiser, clock);
          const tries = await Promise.all(
            [first, other, first, other].map((server) => enterLink(server, link)),
          );
          return tries.map((tried) => tried.status).sort();
        }),
      );
      for (const statuses of results) expect(statuses).toEqual([200, 403, 403, 403]);
      expect(await count("dashboard_sessions")).toBe(before + 8);
    });

    it("GIVEN a session THEN a restarted server on the same database still honours it", async () => {
      clock = start;
      const { cookie } = await enterLink(first, links.linkFor(organiser, clock));
      await first.close();
      first = await serve(database);
      expect(await status(first, home, cookie)).toBe(200);
    });

    it("GIVEN a sign-out on one server THEN the session is over on both, and its link stays used", async () => {
      clock = start;
      const link = links.linkFor(organiser, clock);
      const { cookie } = await enterLink(other, link);
      expect(await status(first, home, cookie)).toBe(200);
      await logout(first, cookie ?? "");
      expect(await status(first, home, cookie)).toBe(403);
      expect(await status(other, home, cookie)).toBe(403);
      const reused = await fetch(`${other.url}/enter${new URL(link).search}`, {
        headers: { cookie: cookie ?? "" },
      });
      expect(reused.status).toBe(403);
      expect(reused.headers.get("set-cookie")).toBeNull();
    });

    it("GIVEN sessions and links in the database THEN it holds only the SHA-256 of each cookie, never the cookie", async () => {
      clock = start;
      const { cookie } = await enterLink(first, links.linkFor(organiser, clock));
      const value = cookieValue(cookie);
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const dump = rowsOf<{ row: string }>(
        await database.db.execute(
          "select t::text as row from dashboard_sessions t union all select t::text from dashboard_link_nonces t" as never,
        ),
      ).map((found) => found.row);
      expect(dump.length).toBeGreaterThan(0);
      for (const row of dump) expect(row).not.toContain(value);
      const digest = createHash("sha256").update(value).digest("hex");
      expect(dump.filter((row) => row.includes(digest))).toHaveLength(1);
    });

    it("GIVEN a session past its 12 hours THEN both servers refuse it, and the next exchange sweeps the expired rows", async () => {
      clock = start;
      const { cookie } = await enterLink(first, links.linkFor(organiser, clock));
      expect((await enterLink(other, links.linkFor(organiser, clock))).status).toBe(200);
      clock = new Date(start.getTime() + 12 * 3_600_000 - 1);
      expect(await status(other, home, cookie)).toBe(200);
      clock = new Date(start.getTime() + 12 * 3_600_000);
      expect(await status(first, home, cookie)).toBe(403);
      expect(await status(other, home, cookie)).toBe(403);
      expect(await count("dashboard_sessions")).toBeGreaterThan(1);
      expect(await count("dashboard_link_nonces")).toBeGreaterThan(1);
      const fresh = await enterLink(other, links.linkFor(organiser, clock));
      expect(fresh.status).toBe(200);
      expect(await count("dashboard_sessions")).toBe(1);
      expect(await count("dashboard_link_nonces")).toBe(1);
      expect(await status(first, home, fresh.cookie)).toBe(200);
    });
  });
}
