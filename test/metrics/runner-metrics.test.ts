import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeteredCodeRunner } from "../../src/metrics/metered-code-runner.js";
import { runnerMeter } from "../../src/metrics/meters.js";
import { createMetrics, type Metrics, metricsPage } from "../../src/metrics/metrics.js";
import { createCodeRunner, parseRunLimits } from "../../src/runner/index.js";
import { type RunServer, startRunServer } from "../../src/runner/service/run-server.js";
import { testMarker } from "../runner/bwrap-runner.js";
import { eventually } from "../support/manual-time.js";
import { sample, typeOf } from "../support/prometheus-text.js";

const token = "metrics-token-0123456789abcdef";
const limits = parseRunLimits({ wallMs: 4_000, cpuSeconds: 1 });
let metrics: Metrics;
let runner: MeteredCodeRunner;
let server: RunServer;

beforeAll(async () => {
  metrics = createMetrics();
  const sandbox = await createCodeRunner({
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency: 1,
    queueSize: 8,
    warmPool: 1,
    limits,
    sandboxMarker: testMarker("runner-metrics"),
    meter: runnerMeter(metrics),
  });
  runner = new MeteredCodeRunner(sandbox, metrics);
  await runner.warmedUp();
  server = await startRunServer({ runner, limits, token, port: 0, metrics: () => metricsPage(metrics) });
}, 60_000);

afterAll(async () => {
  await server?.drain();
  await runner?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

describe("GIVEN a runner service with one sandbox slot, counting into its metrics", () => {
  it("WHEN three runs arrive at once THEN two wait in the queue, each run's wait is timed, and every sandbox started is counted", async () => {
    const before = await scrape();
    const startsBefore = sample(before, "quizbot_sandbox_starts_total", '{backend="bwrap"}') ?? 0;
    // The probe run at start and the warm sandbox: started before any member's run.
    expect(startsBefore).toBeGreaterThanOrEqual(2);

    const runs = [1, 2, 3].map((n) =>
      runner.run({ code: `import time\ntime.sleep(0.3)\nprint(${n})`, queueKey: `member-${n}` }),
    );
    const waiting = await scrape();
    expect(typeOf(waiting, "quizbot_runner_queue_depth")).toBe("gauge");
    expect(sample(waiting, "quizbot_runner_queue_depth", '{lane="run"}')).toBe(2);
    expect(sample(waiting, "quizbot_runs_in_flight")).toBe(3);

    const results = await Promise.all(runs);
    expect(results.map((result) => result.stdout)).toEqual(["1\n", "2\n", "3\n"]);
    await eventually(async () => {
      const text = await scrape();
      expect(sample(text, "quizbot_runner_queue_depth", '{lane="run"}')).toBe(0);
      expect(typeOf(text, "quizbot_runner_queue_wait_seconds")).toBe("histogram");
      expect(sample(text, "quizbot_runner_queue_wait_seconds_count", '{lane="run"}')).toBe(3);
      // Two of the three waited for the one before them, a good part of its 0.3 s each.
      expect(sample(text, "quizbot_runner_queue_wait_seconds_bucket", '{le="0.1",lane="run"}')).toBe(1);
      expect(typeOf(text, "quizbot_sandbox_starts_total")).toBe("counter");
      // Each run takes a fresh sandbox (the warm one, or a cold one when the refill is not ready yet).
      expect(sample(text, "quizbot_sandbox_starts_total", '{backend="bwrap"}')).toBeGreaterThanOrEqual(
        startsBefore + 3,
      );
    }, 30_000);
  }, 60_000);
});
