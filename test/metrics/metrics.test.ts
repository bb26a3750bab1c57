import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import { startHealthServer } from "../../src/health.js";
import { MeteredCodeRunner } from "../../src/metrics/metered-code-runner.js";
import { createMetrics, type Metrics, metricsPage } from "../../src/metrics/metrics.js";
import { OffCodeRunner } from "../../src/runner/off-code-runner.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { eventually } from "../support/manual-time.js";
import { sample, typeOf } from "../support/prometheus-text.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

describe("GIVEN a bot that counts into its metrics", () => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let bot: Bot;
  let metrics: Metrics;

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = new FakePlatform();
    metrics = createMetrics();
    bot = createBot({
      database,
      platforms: [platform],
      packs: [testPack([choiceQuestion("only")])],
      logger: silentLogger(),
      rounds: { revealPauseMs: 100, sweepMs: 60_000 },
      metrics,
    });
    await bot.start();
  }, 60_000);

  afterAll(async () => {
    await bot.stop();
    await database.close();
  });

  it("WHEN members answer, one of them twice THEN /metrics counts each outcome and times the stored answers", async () => {
    await platform.command(platform.member("host", { isAdmin: true }), "quiz", "start", {
      questions: 1,
      seconds: 120,
    });
    await eventually(() => expect(platform.views("question", "post")).toHaveLength(1));
    const question = platform.views("question", "post")[0];
    if (!question) throw new Error("no question");
    const press = (member: string, choice: number) =>
      platform.press(platform.member(member), `q:a:${question.roundQuestionId}:${choice}`);
    await press("ann", 0);
    await press("bob", 1);
    await press("ann", 1);

    const server = await startHealthServer(
      0,
      () => true,
      () => metricsPage(metrics),
    );
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      expect(text).toContain("# TYPE quizbot_answers_total counter");
      expect(text).toContain("# TYPE quizbot_answer_seconds histogram");
      expect(sample(text, "quizbot_answers_total", '{platform="console",outcome="recorded"}')).toBe(2);
      expect(sample(text, "quizbot_answers_total", '{platform="console",outcome="already_answered"}')).toBe(
        1,
      );
      expect(sample(text, "quizbot_answer_seconds_count", '{platform="console"}')).toBe(2);
      // The round is open while its question waits for answers; PGlite is one connection.
      expect(typeOf(text, "quizbot_rounds_open")).toBe("gauge");
      expect(sample(text, "quizbot_rounds_open")).toBe(1);
      expect(sample(text, "quizbot_database_pool_max")).toBe(1);
      expect(sample(text, "quizbot_database_pool_waiting")).toBe(0);
      expect(typeOf(text, "quizbot_database_pool_in_use")).toBe("gauge");
      // The process's own figures come with it: event-loop lag and resident memory.
      expect(text).toContain("# TYPE quizbot_nodejs_eventloop_lag_seconds gauge");
      expect(sample(text, "quizbot_process_resident_memory_bytes")).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });
});

describe("GIVEN a runner that counts into the metrics", () => {
  it("WHEN runs end THEN they are counted by backend and status, timed, and none is left in flight", async () => {
    const metrics = createMetrics();
    const runner = new MeteredCodeRunner(new OffCodeRunner(), metrics);
    await runner.run({ code: "print(1)" });
    await runner.run({ code: "print(2)" });
    const text = (await metricsPage(metrics)).body;
    expect(text).toContain("# TYPE quizbot_runs_total counter");
    expect(sample(text, "quizbot_runs_total", '{backend="off",status="unavailable"}')).toBe(2);
    expect(sample(text, "quizbot_run_seconds_count", '{backend="off"}')).toBe(2);
    expect(sample(text, "quizbot_runs_in_flight")).toBe(0);
  });
});
