/**
 * `npm run dashboard:screenshots`: the README's and docs/dashboard.md's pictures of the dashboard, taken
 * by Debian's Chromium (playwright-core) from the real server on the tests' sample servers (an in-memory
 * PGlite, migrated and seeded as `dashboard-fixture.ts` does, with five earlier weeks of play): each page
 * whole, and each chart kind on its own.
 */
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { SignedDashboardLinks } from "../../src/dashboard/link-token.js";
import { migratePgliteClient, wrapPglite } from "../../src/storage/database.js";
import { chromiumPath, hasChromium, launchChromium } from "./browser.js";
import { guildA, members, now, seedDashboard, seedHistory, startTestDashboard } from "./dashboard-fixture.js";

const out = fileURLToPath(new URL("../../docs/dashboard/", import.meta.url));
const secret = "screenshot-secret-0123456789abcdefghijkl";

if (!hasChromium) {
  console.error(`${chromiumPath} is missing: apt-get install chromium`);
  process.exit(1);
}
const client = new PGlite();
await migratePgliteClient(client);
const database = wrapPglite(client);
await seedDashboard(database.db);
await seedHistory(database.db);
const server = await startTestDashboard(database.db, { secret, now: () => now });
const browser = await launchChromium();
try {
  await mkdir(out, { recursive: true });
  const links = new SignedDashboardLinks({ secret, baseUrl: server.url });
  const page = await browser.context.newPage();
  const grant = { platform: "discord", workspaceId: guildA.workspaceId, memberId: "admin-1" } as const;
  await page.goto(links.linkFor({ ...grant, role: "organiser" }, now));
  await page.waitForURL(/\/w\/discord\//);
  const base = `${server.url}/w/discord/${guildA.workspaceId}`;
  const shots: readonly [string, string][] = [
    ["server", base],
    ["questions", `${base}/questions`],
    ["question", `${base}/questions/q-hard`],
    ["tags", `${base}/tags`],
    ["member", `${base}/members/${members[2]?.id}`],
  ];
  for (const [name, url] of shots) {
    await page.goto(url);
    await page.screenshot({ path: `${out}${name}.png`, fullPage: true });
    console.log(`wrote docs/dashboard/${name}.png`);
  }
  // One picture per chart kind: lines and bars on the server page, horizontal bars on the question page.
  await page.goto(base);
  await page
    .locator("svg.chart:has(polyline.line)")
    .first()
    .screenshot({ path: `${out}chart-lines.png` });
  await page
    .locator("svg.chart:has(rect.bar)")
    .first()
    .screenshot({ path: `${out}chart-bars.png` });
  await page.goto(`${base}/questions`);
  await page
    .locator("svg.chart")
    .first()
    .screenshot({ path: `${out}chart-horizontal-bars.png` });
  console.log("wrote docs/dashboard/chart-lines.png, chart-bars.png, chart-horizontal-bars.png");
} finally {
  await browser.close();
  await server.close();
  await database.close();
}
