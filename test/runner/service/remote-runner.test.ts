import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRunLimits, type StartedCodeRunner } from "../../../src/runner/index.js";
import { RemoteCodeRunner } from "../../../src/runner/service/remote-code-runner.js";
import { type RunServer, startRunServer } from "../../../src/runner/service/run-server.js";
import { BotProcess } from "../../support/bot-process.js";
import { runQuizbot } from "../../support/run-cli.js";
import { startBwrapRunner, testMarker } from "../bwrap-runner.js";

const token = "remote-token-0123456789abcdef";
const limits = parseRunLimits({ wallMs: 4_000, cpuSeconds: 2 });
const sleepThenPrint = (seconds: number, text: string) =>
  `import time\ntime.sleep(${seconds})\nprint(${JSON.stringify(text)})`;

let sandbox: StartedCodeRunner;
const servers: RunServer[] = [];
const processes: BotProcess[] = [];

beforeAll(async () => {
  sandbox = await startBwrapRunner(testMarker("remote-runner"), limits, 1, 4);
}, 60_000);

afterAll(async () => {
  for (const child of processes) child.kill("SIGKILL");
  await Promise.all(servers.map((server) => server.drain()));
  await sandbox?.close();
});

async function service(): Promise<RunServer> {
  const server = await startRunServer({ runner: sandbox, limits, token, port: 0 });
  servers.push(server);
  return server;
}

/** `quizbot runner serve` as its own process, so a test can kill it with SIGKILL. */
async function serviceProcess(): Promise<{ url: string; process: BotProcess }> {
  const child = BotProcess.command(["runner", "serve", "--port", "0"], {
    RUNNER_TOKEN: token,
    RUNNER_BACKEND: "bwrap",
    RUNNER_WALL_SECONDS: "4",
    RUNNER_CONCURRENCY: "2",
    RUNNER_WARM_POOL: "1",
  });
  processes.push(child);
  await child.waitForOutput(/runner service listening/, { timeoutMs: 60_000 });
  const url = /"url":"(http:\/\/[^"]+)"/.exec(child.stdout)?.[1];
  if (!url) throw new Error(`no URL in the service's log: ${child.stdout}`);
  return { url, process: child };
}

async function inFlight(url: string): Promise<number> {
  const response = await fetch(`${url}/healthz`);
  return ((await response.json()) as { inFlight: number }).inFlight;
}

describe("GIVEN a bot sending runs to two runner services", () => {
  it("WHEN four runs arrive at once THEN each service gets two, and every run has its own output", async () => {
    const [a, b] = [await service(), await service()];
    const remote = await RemoteCodeRunner.connect({ urls: [a.url, b.url], token });
    try {
      const runs = [1, 2, 3, 4].map((n) => remote.run({ code: sleepThenPrint(2, `run ${n}`) }));
      // Wait until all four have reached a service: on a loaded machine a request may take a while to arrive.
      let split = [0, 0];
      for (let look = 0; look < 100 && (split[0] ?? 0) + (split[1] ?? 0) < 4; look += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        split = [await inFlight(a.url), await inFlight(b.url)];
      }
      expect(split).toEqual([2, 2]);
      const results = await Promise.all(runs);
      expect(results.map((result) => result.stdout)).toEqual(["run 1\n", "run 2\n", "run 3\n", "run 4\n"]);
    } finally {
      await remote.close();
    }
  }, 60_000);

  it("WHEN one service is killed mid-run THEN its runs fail clearly within the wall limit + 5 s and new runs go to the other", async () => {
    const killed = await serviceProcess();
    const survivor = await service();
    const remote = await RemoteCodeRunner.connect({
      urls: [killed.url, survivor.url],
      token,
      healthEveryMs: 200,
    });
    try {
      const runs = [1, 2, 3, 4].map((n) => remote.run({ code: sleepThenPrint(2, `run ${n}`) }));
      await new Promise((resolve) => setTimeout(resolve, 700));
      const killedAt = Date.now();
      killed.process.kill("SIGKILL");
      const results = await Promise.all(runs);
      const lost = results.filter((result) => result.reason?.code === "runner_unreachable");
      expect(lost).toHaveLength(2);
      expect(lost.every((result) => result.status === "unavailable")).toBe(true);
      expect(results.filter((result) => result.status === "ok")).toHaveLength(2);
      expect(Date.now() - killedAt).toBeLessThan(limits.wallMs + 5_000);

      const after = await Promise.all([1, 2, 3].map((n) => remote.run({ code: `print(${n})` })));
      expect(after.map((result) => result.stdout)).toEqual(["1\n", "2\n", "3\n"]);
      expect(remote.services()).toEqual([
        { url: killed.url, healthy: false },
        { url: survivor.url, healthy: true },
      ]);
    } finally {
      await remote.close();
    }
  }, 120_000);

  it("WHEN a service drains THEN runs go to the other without a second copy, and it is put back once healthy again", async () => {
    const draining = await service();
    const other = await service();
    const remote = await RemoteCodeRunner.connect({
      urls: [draining.url, other.url],
      token,
      healthEveryMs: 60_000,
    });
    try {
      await draining.drain();
      const results = await Promise.all([1, 2].map((n) => remote.run({ code: `print('ok ${n}')` })));
      expect(results.map((result) => result.stdout)).toEqual(["ok 1\n", "ok 2\n"]);
      expect(remote.services()[0]?.healthy).toBe(false);

      // A new service on the same address: the next health check puts it back.
      const port = Number(new URL(draining.url).port);
      const back = await startRunServer({ runner: sandbox, limits, token, port });
      servers.push(back);
      await remote.checkHealth();
      expect(remote.services().map((entry) => entry.healthy)).toEqual([true, true]);
    } finally {
      await remote.close();
    }
  }, 60_000);

  it("WHEN every service is down THEN a run ends at once as unreachable, for the member's 'try again'", async () => {
    const gone = await service();
    const remote = await RemoteCodeRunner.connect({ urls: [gone.url], token, healthEveryMs: 60_000 });
    try {
      await gone.drain();
      const started = Date.now();
      const result = await remote.run({ code: "print(1)" });
      expect(result).toMatchObject({ status: "unavailable", reason: { code: "runner_unreachable" } });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await remote.close();
    }
  }, 30_000);
});

describe("GIVEN `quizbot runner serve` as a process", () => {
  it("WHEN it gets SIGTERM during a run THEN the run finishes, and the process exits 0", async () => {
    const served = await serviceProcess();
    const slow = fetch(`${served.url}/run`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ code: sleepThenPrint(1, "done") }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    served.process.kill("SIGTERM");
    expect(await (await slow).json()).toMatchObject({ status: "ok", stdout: "done\n" });
    expect(await served.process.exited).toEqual({ code: 0, signal: null });
  }, 90_000);

  it("WHEN RUNNER_TOKEN is not set THEN it does not start, and says which variable to set", async () => {
    const run = await runQuizbot(["runner", "serve", "--port", "0"]);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain("RUNNER_TOKEN is not set");
  }, 30_000);
});

describe("GIVEN the console bot started with RUNNER_URL", () => {
  it("THEN /run goes to the runner service, with no sandbox of the bot's own", async () => {
    const remote = await service();
    const dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-remote-runner-"));
    try {
      const run = await runQuizbot(["start", "--platform", "console", "--data-dir", dataDir], {
        input: "/as Alice\n/run print(6 * 7)\n",
        // RUNNER_BACKEND=off: were the service not used, the bot would refuse to run anything.
        env: { RUNNER_URL: remote.url, RUNNER_TOKEN: token, RUNNER_BACKEND: "off" },
        timeoutMs: 120_000,
      });
      expect(run.stdout).toMatch(/Output\n\s*│ 42$/m);
      expect(run.stdout).not.toContain("RUNNER_BACKEND=off");
      expect(run.stderr).not.toContain(token);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe("GIVEN a service that answers with garbage", () => {
  let garbage: Server;
  let url: string;

  beforeAll(async () => {
    garbage = createServer((request, response) => {
      if (request.url === "/interpreters") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ backend: "bwrap", interpreters: [] }));
        return;
      }
      if (request.url === "/healthz") {
        response.end("ok");
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(request.headers["idempotency-key"]?.length ? '{"status":"ok","stdout":42}' : "not json");
    });
    await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
    const address = garbage.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => garbage.close(() => resolve())));

  it("THEN the run is refused as unreachable, nothing of the answer is shown, and the bot carries on", async () => {
    const remote = await RemoteCodeRunner.connect({ urls: [url], token });
    try {
      const result = await remote.run({ code: "print(1)" });
      expect(result).toMatchObject({
        status: "unavailable",
        stdout: "",
        reason: { code: "runner_unreachable" },
      });
    } finally {
      await remote.close();
    }
  });
});
