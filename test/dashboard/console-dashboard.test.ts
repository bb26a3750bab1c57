import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardFeature } from "../../src/app/dashboard/dashboard-feature.js";
import { createRouter } from "../../src/app/router.js";
import type { DashboardServer } from "../../src/dashboard/dashboard-server.js";
import { SignedDashboardLinks } from "../../src/dashboard/link-token.js";
import { ConsolePlatform } from "../../src/platforms/console/console-platform.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/manual-time.js";
import { silentLogger } from "../support/silent-logger.js";
import { enterLink, startTestDashboard } from "./dashboard-fixture.js";

const secret = "console-dashboard-secret-0123456789abcdef";

/**
 * `/dashboard` in the terminal: the real console platform prints the private link, and that link opens
 * the organiser's page of the console's own server on the real dashboard server (the console's user is
 * its organiser).
 */
describe("/dashboard in the console", () => {
  let database: TestDatabase;
  let server: DashboardServer;
  let platform: ConsolePlatform;
  const input = new PassThrough();
  let printed = "";

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestDashboard(database.db, { secret });
    const output = new PassThrough();
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    platform = new ConsolePlatform({ input, output, colour: false, userName: "Alice" });
    const links = new SignedDashboardLinks({ secret, baseUrl: server.url });
    await platform.start(
      createRouter([dashboardFeature({ links, clock: { now: () => new Date() } })], silentLogger()),
    );
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await server?.close();
    await database?.close();
  });

  it("GIVEN /dashboard THEN the console prints a one-use organiser link that opens this server's page", async () => {
    input.write("/dashboard\n");
    await eventually(() => expect(printed).toMatch(/http:\/\/127\.0\.0\.1:\d+\/enter\?token=\S+/));
    expect(printed).toContain("organiser");
    const link = /http:\/\/127\.0\.0\.1:\d+\/enter\?token=\S+/.exec(printed)?.[0] ?? "";
    const { status, cookie = "", home } = await enterLink(server, link);
    expect(status).toBe(200);
    expect(home).toBe(`/w/console/${encodeURIComponent(platform.place.workspaceId)}`);
    const page = await fetch(`${server.url}${home}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Server dashboard");
    expect((await fetch(link)).status).toBe(403);
  });
});
