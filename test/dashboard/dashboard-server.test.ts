import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardServer } from "../../src/dashboard/dashboard-server.js";
import { SignedDashboardLinks, signLinkToken } from "../../src/dashboard/link-token.js";
import type { DashboardGrant } from "../../src/domain/ports/dashboard-links.js";
import { rowsOf } from "../../src/storage/raw-sql.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import {
  enterLink,
  guildA,
  guildB,
  members,
  now,
  seedDashboard,
  startTestDashboard,
} from "./dashboard-fixture.js";

const secret = "a-test-secret-that-is-long-enough-0123456789";

function organiserOf(place: typeof guildA): DashboardGrant {
  return { platform: place.platform, workspaceId: place.workspaceId, memberId: "admin-1", role: "organiser" };
}

async function get(server: DashboardServer, path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

for (const kind of storageKinds) {
  describe(`the dashboard server on ${kind}`, () => {
    let database: TestDatabase;
    let server: DashboardServer;
    const links = new SignedDashboardLinks({ secret, baseUrl: "http://dashboard.test" });

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      await seedDashboard(database.db);
      server = await startTestDashboard(database.db, {
        secret,
        baseUrl: "http://dashboard.test",
        now: () => now,
      });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    it("GIVEN an organiser's link THEN it is exchanged for a strict HttpOnly cookie and the server page shows this week's members", async () => {
      const first = await fetch(
        `${server.url}/enter${new URL(links.linkFor(organiserOf(guildA), now)).search}`,
      );
      expect(first.status).toBe(200);
      const setCookie = first.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      expect(setCookie).toMatch(/Max-Age=43200/);
      expect(setCookie).not.toMatch(/Secure/);
      const cookie = setCookie.split(";")[0];
      const page = await get(server, `/w/discord/${guildA.workspaceId}`, cookie);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Member 0");
      expect(html).toContain("10 members answered this week");
      expect(html).toContain("<svg");
      expect(html).not.toContain("Outsider");
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    });

    it("GIVEN a link used once THEN another browser gets 403, and after signing out so does the first", async () => {
      const link = links.linkFor(organiserOf(guildA), now);
      const first = await enterLink(server, link);
      expect(first.status).toBe(200);
      expect((await enterLink(server, link)).status).toBe(403);
      const again = await fetch(`${server.url}/enter${new URL(link).search}`, {
        headers: { cookie: first.cookie ?? "" },
      });
      expect(again.status).toBe(200);
      const out = await fetch(`${server.url}/logout`, {
        method: "POST",
        headers: { cookie: first.cookie ?? "" },
      });
      expect(out.status).toBe(200);
      expect((await get(server, `/w/discord/${guildA.workspaceId}`, first.cookie)).status).toBe(403);
      const reused = await fetch(`${server.url}/enter${new URL(link).search}`, {
        headers: { cookie: first.cookie ?? "" },
      });
      expect(reused.status).toBe(403);
      expect(await reused.text()).toContain("Not allowed");
    });

    it("GIVEN an altered, a forged or an expired link THEN each gets the plain 403 page", async () => {
      const link = new URL(links.linkFor(organiserOf(guildA), now));
      const token = link.searchParams.get("token") ?? "";
      const [version, payload, signature] = token.split(".");
      const altered = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
      altered.w = guildB.workspaceId;
      const alteredToken = `${version}.${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${signature}`;
      const forged = signLinkToken("another-secret-of-the-same-length-0123456789", {
        ...organiserOf(guildA),
        expiresAt: now.getTime() + 60_000,
        nonce: "forged",
      });
      const expired = signLinkToken(secret, {
        ...organiserOf(guildA),
        expiresAt: now.getTime() - 1,
        nonce: "old",
      });
      for (const bad of [alteredToken, forged, expired, "", "v1.x.y", `${token}x`]) {
        const response = await fetch(`${server.url}/enter?token=${encodeURIComponent(bad)}`);
        expect(response.status, bad).toBe(403);
        expect(response.headers.get("set-cookie")).toBeNull();
      }
    });

    it("GIVEN a session for one server THEN another server's id in the URL is refused", async () => {
      const { cookie } = await enterLink(server, links.linkFor(organiserOf(guildA), now));
      for (const path of [
        `/w/discord/${guildB.workspaceId}`,
        `/w/discord/${guildB.workspaceId}/questions`,
        `/w/discord/${guildB.workspaceId}/members/900001`,
        `/w/slack/${guildA.workspaceId}`,
        `/w/discord/${guildB.workspaceId}?csv=active`,
      ]) {
        expect((await get(server, path, cookie)).status, path).toBe(403);
      }
      expect((await get(server, `/w/discord/${guildA.workspaceId}`)).status).toBe(403);
    });

    it("GIVEN a member's link THEN they see their own page and nothing else", async () => {
      const member = members[3];
      const { cookie, home } = await enterLink(
        server,
        links.linkFor(
          {
            platform: "discord",
            workspaceId: guildA.workspaceId,
            memberId: member?.id ?? "",
            role: "member",
          },
          now,
        ),
      );
      expect(home).toBe(`/w/discord/${guildA.workspaceId}/members/${member?.id}`);
      const own = await get(server, home ?? "", cookie);
      expect(own.status).toBe(200);
      const html = await own.text();
      expect(html).toContain("Member 3");
      expect(html).not.toContain('href="/w/discord/100000000000000001/questions"');
      for (const path of [
        `/w/discord/${guildA.workspaceId}`,
        `/w/discord/${guildA.workspaceId}/members/${members[4]?.id}`,
        `/w/discord/${guildA.workspaceId}/questions`,
        `/w/discord/${guildA.workspaceId}/tags`,
      ]) {
        expect((await get(server, path, cookie)).status, path).toBe(403);
      }
    });

    it("GIVEN the server page's members table THEN its CSV equals the database's weekly figures", async () => {
      const { cookie } = await enterLink(server, links.linkFor(organiserOf(guildA), now));
      const response = await get(server, `/w/discord/${guildA.workspaceId}?csv=active`, cookie);
      expect(response.headers.get("content-type")).toContain("text/csv");
      expect(response.headers.get("content-disposition")).toContain('filename="active.csv"');
      const [header, ...rows] = parse(await response.text()) as string[][];
      expect(header).toEqual(["Member", "Answers", "Correct", "% correct", "Points"]);
      const expected = rowsOf<{ display_name: string; answered: number; correct: number; points: number }>(
        await database.db.execute(
          `
          select u.display_name, s.answered, s.correct, s.points from score_aggregates s
            join study_groups g on g.id = s.group_id join users u on u.id = s.user_id
           where g.workspace_id = '${guildA.workspaceId}' and g.kind = 'workspace' and s.period_key = '2026-W49'
           order by u.display_name` as never,
        ),
      );
      const byName = [...rows].sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
      expect(byName.map((row) => [row[0], Number(row[1]), Number(row[2]), Number(row[4])])).toEqual(
        expected.map((row) => [
          row.display_name,
          Number(row.answered),
          Number(row.correct),
          Number(row.points),
        ]),
      );
    });

    it("GIVEN the questions page THEN each shows answers, % correct and median time, flagged when far from 70 %", async () => {
      const { cookie } = await enterLink(server, links.linkFor(organiserOf(guildA), now));
      const csv = await (
        await get(server, `/w/discord/${guildA.workspaceId}/questions?csv=questions`, cookie)
      ).text();
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      const byId = new Map(rows.map((row) => [row.Question, row]));
      expect(byId.get("q-easy")).toMatchObject({ Answers: "10", "% correct": "100.0", Flag: "too easy" });
      expect(byId.get("q-hard")).toMatchObject({ Answers: "10", "% correct": "20.0", Flag: "too hard" });
      // q-mid: 7 of 10 in the round and 4 of 4 in the daily quiz.
      expect(byId.get("q-mid")).toMatchObject({ Answers: "14", Flag: "" });
      // Ten answers at 1.0, 1.5 ... 5.5 s: the median lies between 3.0 and 3.5 s.
      expect(Number(byId.get("q-easy")?.["Median s"])).toBeGreaterThanOrEqual(3);
      expect(Number(byId.get("q-easy")?.["Median s"])).toBeLessThanOrEqual(3.6);
      const detail = await (
        await get(server, `/w/discord/${guildA.workspaceId}/questions/q-hard?csv=options`, cookie)
      ).text();
      expect(parse(detail)).toEqual([
        ["Option", "Answers", "% of answers", "Correct option"],
        ["zero", "0", "0.0", ""],
        ["one", "2", "20.0", "yes"],
        ["two", "8", "80.0", ""],
      ]);
    });

    it("GIVEN the members' review cards THEN the tag page shows each tag's mean predicted recall", async () => {
      const { cookie } = await enterLink(server, links.linkFor(organiserOf(guildA), now));
      const rows = parse(
        await (await get(server, `/w/discord/${guildA.workspaceId}/tags?csv=tags`, cookie)).text(),
        {
          columns: true,
        },
      ) as Record<string, string>[];
      expect(rows.map((row) => row.Tag).sort()).toEqual(["asyncio", "gil", "threading"]);
      for (const row of rows) {
        expect(Number(row["Mean recall %"])).toBeGreaterThan(0);
        expect(Number(row["Mean recall %"])).toBeLessThanOrEqual(100);
      }
    });
  });
}
