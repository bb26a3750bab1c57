import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardServer } from "../../src/dashboard/dashboard-server.js";
import { SignedDashboardLinks, signLinkToken } from "../../src/dashboard/link-token.js";
import type { DashboardGrant } from "../../src/domain/ports/dashboard-links.js";
import { rowsOf } from "../../src/storage/raw-sql.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { chromiumPath, hasChromium, launchChromium } from "./browser.js";
import { guildA, guildB, now, seedDashboard, startTestDashboard } from "./dashboard-fixture.js";

const secret = "browser-test-secret-0123456789abcdefghij";
const organiser: DashboardGrant = {
  platform: "discord",
  workspaceId: guildA.workspaceId,
  memberId: "admin-1",
  role: "organiser",
};
const title = hasChromium
  ? "the dashboard in Chromium (playwright-core)"
  : `the dashboard in Chromium: NOT RUN because ${chromiumPath} is missing; .ci/run installs Debian's chromium`;

/** Console errors, page errors and CSP violations a page reported while the test drove it. */
interface Trouble {
  readonly messages: string[];
}

async function watched(context: BrowserContext): Promise<{ page: Page; trouble: Trouble }> {
  const page = await context.newPage();
  const trouble: Trouble = { messages: [] };
  page.on("console", (message) => {
    if (message.type() === "error") trouble.messages.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => trouble.messages.push(`page: ${error.message}`));
  // Injected by the browser's own protocol, so the page's CSP does not apply to this listener.
  await page.addInitScript({
    content: `document.addEventListener("securitypolicyviolation", (event) => {
      console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
    });`,
  });
  return { page, trouble };
}

describe(title, () => {
  let database: TestDatabase;
  let server: DashboardServer;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let links: SignedDashboardLinks;

  beforeAll(async () => {
    if (!hasChromium) return;
    database = await createTestDatabase("pglite");
    await seedDashboard(database.db);
    server = await startTestDashboard(database.db, { secret, now: () => now });
    links = new SignedDashboardLinks({ secret, baseUrl: server.url });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it.skipIf(!hasChromium)(
    "GIVEN an organiser's signed link THEN the browser lands on the server page with its charts drawn, no console errors and no CSP violations",
    async () => {
      const { page, trouble } = await watched(browser?.context as BrowserContext);
      await page.goto(links.linkFor(organiser, now));
      await page.waitForURL(`${server.url}/w/discord/${guildA.workspaceId}`, { timeout: 60_000 });
      await expect
        .poll(() => page.locator("svg.chart").count(), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(3);
      expect(await page.locator("svg.chart rect.bar").count()).toBeGreaterThan(0);
      expect(await page.locator("svg.chart polyline.line").count()).toBeGreaterThan(0);
      expect(await page.locator("h1").textContent()).toContain("Server dashboard");
      // The sort script is the page's one script; it ran if its buttons answer (next test). Nothing refused.
      expect(trouble.messages).toEqual([]);
      await page.close();
    },
    120_000,
  );

  it.skipIf(!hasChromium)(
    "GIVEN the members table THEN pressing a header sorts it, and its CSV download equals the database",
    async () => {
      const { page, trouble } = await watched(browser?.context as BrowserContext);
      await page.goto(links.linkFor(organiser, now));
      await page.waitForURL(/\/w\/discord\//, { timeout: 60_000 });
      const answered = () =>
        page
          .locator("#active tbody tr td:nth-child(5)")
          .evaluateAll((cells) => cells.map((cell) => Number(cell.textContent)));
      await page.locator("#active button.sort", { hasText: "Points" }).click();
      const ascending = await answered();
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      await page.locator("#active button.sort", { hasText: "Points" }).click();
      const descending = await answered();
      expect(descending).toEqual([...ascending].sort((a, b) => b - a));
      expect(new Set(descending).size).toBeGreaterThan(1);

      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.locator("#active ~ p.csv a").click(),
      ]);
      expect(download.suggestedFilename()).toBe("active.csv");
      const rows = parse(await readFile((await download.path()) as string, "utf8"), {
        columns: true,
      }) as Record<string, string>[];
      const expected = rowsOf<{ display_name: string; answered: number; correct: number; points: number }>(
        await database.db.execute(
          `
          select u.display_name, s.answered, s.correct, s.points from score_aggregates s
            join study_groups g on g.id = s.group_id join users u on u.id = s.user_id
           where g.platform = 'discord' and g.workspace_id = '${guildA.workspaceId}' and g.kind = 'workspace'
             and s.period_key = '2026-W49'` as never,
        ),
      );
      const sorted = <T>(list: T[], key: (item: T) => string) =>
        [...list].sort((a, b) => key(a).localeCompare(key(b)));
      expect(
        sorted(rows, (row) => row.Member ?? "").map((row) => [
          row.Member,
          Number(row.Answers),
          Number(row.Correct),
          Number(row.Points),
        ]),
      ).toEqual(
        sorted(expected, (row) => row.display_name).map((row) => [
          row.display_name,
          Number(row.answered),
          Number(row.correct),
          Number(row.points),
        ]),
      );
      expect(trouble.messages).toEqual([]);
      await page.close();
    },
    120_000,
  );

  it.skipIf(!hasChromium)(
    "GIVEN a forged link, an expired link and another server's id in the URL THEN each is refused with the 403 page",
    async () => {
      const { page } = await watched(browser?.context as BrowserContext);
      const forged = signLinkToken("not-the-dashboard-secret-0123456789abcdef", {
        ...organiser,
        expiresAt: now.getTime() + 600_000,
        nonce: "forged-nonce",
      });
      const expired = signLinkToken(secret, {
        ...organiser,
        expiresAt: now.getTime() - 1_000,
        nonce: "expired",
      });
      for (const token of [forged, expired]) {
        const response = await page.goto(`${server.url}/enter?token=${token}`);
        expect(response?.status()).toBe(403);
        expect(await page.locator("h1").textContent()).toBe("Not allowed");
      }
      // Signed in for server A, the browser asks for server B's pages.
      await page.goto(links.linkFor(organiser, now));
      await page.waitForURL(/\/w\/discord\//, { timeout: 60_000 });
      for (const path of [`/w/discord/${guildB.workspaceId}`, `/w/discord/${guildB.workspaceId}/questions`]) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(403);
        expect(await page.content()).not.toContain("Outsider");
      }
      await page.close();
    },
    120_000,
  );
});
