import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, metricsPage } from "../../../src/metrics/metrics.js";
import { RemoteCodeRunner } from "../../../src/runner/service/remote-code-runner.js";
import { BotProcess, seedPgliteDataDir } from "../../support/bot-process.js";
import { freePort } from "../../support/free-port.js";
import { eventually } from "../../support/manual-time.js";
import { sample } from "../../support/prometheus-text.js";
import { runQuizbot } from "../../support/run-cli.js";

const token = "faults-token-0123456789abcdef";
const busyWords = "The code runner is busy or out of reach just now";
const processes: BotProcess[] = [];

afterAll(() => {
  for (const child of processes) child.kill("SIGKILL");
});

/** `quizbot runner serve` as its own process on a chosen port, so the test can kill it with SIGKILL. */
async function serviceProcess(port: number): Promise<BotProcess> {
  const child = BotProcess.command(["runner", "serve", "--port", String(port)], {
    RUNNER_TOKEN: token,
    RUNNER_BACKEND: "bwrap",
    RUNNER_WALL_SECONDS: "4",
    RUNNER_CONCURRENCY: "1",
    RUNNER_WARM_POOL: "1",
  });
  processes.push(child);
  await child.waitForOutput(/runner service listening/, { timeoutMs: 60_000 });
  return child;
}

/** The console bot with RUNNER_URL, running one snippet as a member would: what it printed. */
async function consoleRun(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-runner-faults-"));
  await seedPgliteDataDir(dataDir);
  try {
    return await runQuizbot(["start", "--platform", "console", "--data-dir", dataDir], {
      input: "/as Alice\n/run print(6 * 7)\n",
      env: { RUNNER_TOKEN: token, RUNNER_BACKEND: "off", ...env },
      timeoutMs: 120_000,
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe("GIVEN a bot whose only runner service is down when it starts", () => {
  it("THEN it starts with the service marked unhealthy, refuses runs as unreachable, takes runs once the service passes its health check, and refuses them again after it is killed", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const remote = await RemoteCodeRunner.connect({ urls: [url], token, healthEveryMs: 200 });
    const metrics = createMetrics();
    metrics.sources.runnerServices = () => remote.services();
    const up = async () =>
      sample((await metricsPage(metrics)).body, "quizbot_runner_service_up", `{service="${url}"}`);
    try {
      expect(remote.services()).toEqual([{ url, healthy: false }]);
      expect(await up()).toBe(0);
      expect(await remote.run({ code: "print(1)" })).toMatchObject({
        status: "unavailable",
        reason: { code: "runner_unreachable" },
      });

      const service = await serviceProcess(port);
      await eventually(() => expect(remote.services()).toEqual([{ url, healthy: true }]), 30_000);
      expect(remote.interpreters().length).toBeGreaterThan(0);
      expect(remote.backend).toBe("bwrap");
      expect(await remote.run({ code: "print(6 * 7)" })).toMatchObject({ status: "ok", stdout: "42\n" });
      expect(await up()).toBe(1);

      service.kill("SIGKILL");
      await service.exited;
      await eventually(() => expect(remote.services()).toEqual([{ url, healthy: false }]), 30_000);
      expect(await up()).toBe(0);
      expect(await remote.run({ code: "print(1)" })).toMatchObject({
        status: "unavailable",
        reason: { code: "runner_unreachable" },
      });
    } finally {
      await remote.close();
    }
  }, 120_000);

  it("WHEN a member runs a snippet in the console bot THEN the bot is up and tells them the runner is busy, try again", async () => {
    const run = await consoleRun({ RUNNER_URL: `http://127.0.0.1:${await freePort()}` });
    expect(run.stdout).toContain(busyWords);
    expect(run.stdout).not.toContain("42");
    expect(run.stderr).toContain("no runner service answered");
    expect(run.stderr).not.toContain(token);
  }, 150_000);
});

describe("GIVEN a runner service that answers slowly or with garbage", () => {
  let url: string;
  const held: ServerResponse[] = [];
  const fake = createServer((request, response) => {
    // Three services in one: /slow/... never answers a run, /garbage/... answers one with something else,
    // /stalled/... never answers its health check.
    const [, mode, route] = (request.url ?? "").split("/");
    if (route === "healthz" && mode === "stalled") {
      held.push(response);
      return;
    }
    if (route === "healthz") {
      response.end("ok");
      return;
    }
    if (route === "interpreters") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ backend: "bwrap", interpreters: [] }));
      return;
    }
    if (mode === "slow") {
      held.push(response);
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"status":"ok","stdout":"42\\n","exitCode":"zero"}');
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const response of held) response.destroy();
    await new Promise<void>((resolve) => fake.close(() => resolve()));
  });

  it("WHEN a run gets no answer within the bot's timeout THEN it is refused as unreachable, and the service stays in the pool", async () => {
    const remote = await RemoteCodeRunner.connect({ urls: [`${url}/slow`], token, runTimeoutMs: 1_000 });
    try {
      expect(await remote.run({ code: "print(1)" })).toMatchObject({
        status: "unavailable",
        stdout: "",
        reason: { code: "runner_unreachable" },
      });
      // Its health check still passes: slowness alone does not take it out.
      expect(remote.services()[0]?.healthy).toBe(true);
    } finally {
      await remote.close();
    }
  }, 30_000);

  it("WHEN its health check goes unanswered THEN one miss keeps it in (the bot's own loop may lag) and three in a row take it out", async () => {
    const remote = await RemoteCodeRunner.connect({
      urls: [`${url}/stalled`],
      token,
      healthEveryMs: 600_000,
    });
    try {
      // connect() made the first check; two more make three in a row.
      const healthAfterEachCheck = [remote.services()[0]?.healthy];
      for (let check = 0; check < 2; check += 1) {
        await remote.checkHealth();
        healthAfterEachCheck.push(remote.services()[0]?.healthy ?? false);
      }
      expect(healthAfterEachCheck).toEqual([true, true, false]);
    } finally {
      await remote.close();
    }
  }, 30_000);

  it("WHEN a member runs a snippet against the slow service THEN the console bot tells them the runner is busy", async () => {
    const run = await consoleRun({ RUNNER_URL: `${url}/slow`, RUNNER_URL_TIMEOUT_SECONDS: "2" });
    expect(run.stdout).toContain(busyWords);
  }, 150_000);

  it("WHEN a member runs a snippet against the garbage service THEN the console bot tells them the runner is busy and shows none of it", async () => {
    const run = await consoleRun({ RUNNER_URL: `${url}/garbage` });
    expect(run.stdout).toContain(busyWords);
    expect(run.stdout).not.toContain("42");
  }, 150_000);
});
