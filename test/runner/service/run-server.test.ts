import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeteredCodeRunner } from "../../../src/metrics/metered-code-runner.js";
import { createMetrics, metricsPage } from "../../../src/metrics/metrics.js";
import { parseRunLimits, type StartedCodeRunner } from "../../../src/runner/index.js";
import { type RunServer, startRunServer } from "../../../src/runner/service/run-server.js";
import { startBwrapRunner, testMarker } from "../bwrap-runner.js";

const token = "test-token-0123456789abcdef";
const limits = parseRunLimits({ wallMs: 4_000, cpuSeconds: 1 });
let runner: StartedCodeRunner;
let server: RunServer;

beforeAll(async () => {
  runner = await startBwrapRunner(testMarker("run-server"), limits, 1);
  server = await startRunServer({ runner, limits, token, port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.drain();
  await runner?.close();
});

function post(body: string, headers: Record<string, string> = {}, url = server.url) {
  return fetch(`${url}/run`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body,
  });
}

describe("GIVEN the runner service in front of the real sandbox", () => {
  it("WHEN a run is posted with the token THEN the answer is the run's result, as `quizbot run --json` prints it", async () => {
    const response = await post(
      JSON.stringify({ code: "import sys\nprint(sum(range(10)))\nprint('x', file=sys.stderr)" }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      exitCode: 0,
      stdout: "45\n",
      stderr: "x\n",
      backend: "bwrap",
      interpreter: expect.any(String),
    });
  }, 30_000);

  it("WHEN the token is missing or wrong THEN it answers 401 and runs nothing", async () => {
    const missing = await fetch(`${server.url}/run`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    const wrong = await post(JSON.stringify({ code: "print(1)" }), { authorization: `Bearer ${token}x` });
    expect(wrong.status).toBe(401);
    const interpreters = await fetch(`${server.url}/interpreters`);
    expect(interpreters.status).toBe(401);
  });

  it("WHEN the body is not JSON, has a wrong field, or asks for more than the service allows THEN 400 names the field", async () => {
    const broken = await post('{"code":');
    expect(broken.status).toBe(400);
    const wrongType = await post(JSON.stringify({ code: 42 }));
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ error: "bad_request", field: "code" });
    const unknown = await post(JSON.stringify({ code: "print(1)", network: true }));
    expect(await unknown.json()).toMatchObject({ error: "bad_request", field: "network" });
    const greedy = await post(JSON.stringify({ code: "print(1)", limits: { wallMs: 60_000 } }));
    expect(greedy.status).toBe(400);
    expect(await greedy.json()).toMatchObject({
      field: "limits.wallMs",
      problem: "at most 4000 on this service",
    });
  });

  it("WHEN the body is larger than the service takes THEN it answers 413 and stays up", async () => {
    const huge = await post(JSON.stringify({ code: "x".repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    const after = await post(JSON.stringify({ code: "print('still here')" }));
    expect(await after.json()).toMatchObject({ stdout: "still here\n" });
  }, 30_000);

  it("WHEN a client asks for a lower wall limit THEN its run is held to it", async () => {
    const response = await post(
      JSON.stringify({ code: "import time\ntime.sleep(3)\nprint('late')", limits: { wallMs: 500 } }),
    );
    expect(await response.json()).toMatchObject({ status: "timeout", stdout: "" });
  }, 30_000);

  it("WHEN the same run is sent twice with one idempotency key THEN it runs once and both get its result", async () => {
    const body = JSON.stringify({ code: "import random\nprint(random.random())" });
    const headers = { "idempotency-key": "run-once-1" };
    const [first, second] = await Promise.all([post(body, headers), post(body, headers)]);
    const [a, b] = [await bodyOf(first), await bodyOf(second)];
    expect(a.status).toBe("ok");
    expect(b.stdout).toBe(a.stdout);
    const again = await bodyOf(await post(body, headers));
    expect(again.stdout).toBe(a.stdout);
  }, 30_000);
});

describe("GIVEN a runner service with metrics", () => {
  it("THEN GET /metrics needs the token and counts the service's runs by status", async () => {
    const metrics = createMetrics();
    const metered = await startRunServer({
      runner: new MeteredCodeRunner(runner, metrics),
      limits,
      token,
      port: 0,
      metrics: () => metricsPage(metrics),
    });
    try {
      await post(JSON.stringify({ code: "print(1)" }), {}, metered.url);
      await post(JSON.stringify({ code: "raise SystemExit(3)" }), {}, metered.url);
      expect((await fetch(`${metered.url}/metrics`)).status).toBe(401);
      const page = await fetch(`${metered.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      const text = await page.text();
      expect(text).toMatch(/^quizbot_runs_total\{backend="bwrap",status="ok"\} 1$/m);
      expect(text).toMatch(/^quizbot_runs_total\{backend="bwrap",status="error"\} 1$/m);
      expect(text).toMatch(/^quizbot_runs_in_flight 0$/m);
    } finally {
      await metered.drain();
    }
  }, 30_000);
});

describe("GIVEN a runner service told to drain", () => {
  it("THEN the run in flight finishes, new runs get 503, health says draining, and the server closes", async () => {
    const draining = await startRunServer({ runner, limits, token, port: 0 });
    const slow = post(
      JSON.stringify({ code: "import time\ntime.sleep(1)\nprint('finished')" }),
      {},
      draining.url,
    );
    await until(async () => (await bodyOf(await fetch(`${draining.url}/healthz`))).inFlight === 1);
    const drained = draining.drain();
    const refused = await post(JSON.stringify({ code: "print(1)" }), {}, draining.url);
    expect(refused.status).toBe(503);
    expect((await fetch(`${draining.url}/healthz`)).status).toBe(503);
    expect(await (await slow).json()).toMatchObject({ status: "ok", stdout: "finished\n" });
    await drained;
    await expect(fetch(`${draining.url}/healthz`)).rejects.toThrow();
  }, 30_000);
});

/** The JSON answer's fields these tests read. */
async function bodyOf(
  response: Response | undefined,
): Promise<{ status?: string; stdout?: string; inFlight?: number }> {
  return (await response?.json()) as { status?: string; stdout?: string; inFlight?: number };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
