import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The database pool as the storage reports it (see storage/pool-usage.ts). */
export interface PoolFigures {
  readonly max: number;
  readonly inUse: number;
  readonly waiting: number;
}

/** Figures read when Prometheus scrapes, from parts the composition root hands over once they exist. */
export interface MetricSources {
  /** Rounds open in the database (every bot process on one database reports the same figure). */
  roundsOpen?: () => Promise<number>;
  databasePool?: () => PoolFigures;
  /** With RUNNER_URL: each runner service and whether the bot sends it runs now. */
  runnerServices?: () => readonly { readonly url: string; readonly healthy: boolean }[];
}

/**
 * What a quizbot process reports at `GET /metrics` (Prometheus text format, prom-client). The bot and the
 * runner service each make one; docs/metrics.md lists every metric and what it means.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly answers: Counter<"platform" | "outcome">;
  readonly answerSeconds: Histogram<"platform">;
  readonly runs: Counter<"backend" | "status">;
  readonly runSeconds: Histogram<"backend">;
  readonly runsInFlight: Gauge;
  readonly queueDepth: Gauge<"lane">;
  readonly queueWaitSeconds: Histogram<"lane">;
  readonly sandboxStarts: Counter<"backend">;
  readonly apiCalls: Counter<"platform" | "status">;
  readonly rateLimited: Counter<"platform">;
  /** Set by the composition root; read at each scrape. */
  readonly sources: MetricSources;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process figures: CPU, resident memory, open file descriptors, event-loop lag, heap and GC.
  collectDefaultMetrics({ register: registry, prefix: "quizbot_" });
  const sources: MetricSources = {};
  const registers = [registry];
  scrapedGauges(registry, sources);
  return {
    registry,
    sources,
    answers: new Counter({
      name: "quizbot_answers_total",
      help: "Answers offered to the store, by platform and outcome (recorded, already_answered, question_closed, failed)",
      labelNames: ["platform", "outcome"],
      registers,
    }),
    answerSeconds: new Histogram({
      name: "quizbot_answer_seconds",
      help: "From an answer's arrival to its being stored (what a member waits for the acknowledgement)",
      labelNames: ["platform"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    runs: new Counter({
      name: "quizbot_runs_total",
      help: "Snippet runs by backend and result status (ok, error, timeout, memory, rejected, unavailable, ...)",
      labelNames: ["backend", "status"],
      registers,
    }),
    runSeconds: new Histogram({
      name: "quizbot_run_seconds",
      help: "From a run's request to its result, queue wait included",
      labelNames: ["backend"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    runsInFlight: new Gauge({
      name: "quizbot_runs_in_flight",
      help: "Runs asked for and not yet answered (waiting in a queue or running)",
      registers,
    }),
    ...runnerMetrics(registers),
    ...platformMetrics(registers),
  };
}

function runnerMetrics(registers: Registry[]) {
  return {
    queueDepth: new Gauge({
      name: "quizbot_runner_queue_depth",
      help: "Runs waiting in the sandbox's queue for a free slot, by lane (run, explore)",
      labelNames: ["lane"],
      registers,
    }),
    queueWaitSeconds: new Histogram({
      name: "quizbot_runner_queue_wait_seconds",
      help: "How long each run waited in the sandbox's queue before it started, by lane",
      labelNames: ["lane"],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    sandboxStarts: new Counter({
      name: "quizbot_sandbox_starts_total",
      help: "Sandboxes started, by backend: bubblewrap processes (warm-pool refills included) or Pyodide workers",
      labelNames: ["backend"],
      registers,
    }),
  };
}

function platformMetrics(registers: Registry[]) {
  return {
    apiCalls: new Counter({
      name: "quizbot_platform_api_calls_total",
      help: "HTTP requests to Discord's or Slack's Web API answered, by platform and HTTP status",
      labelNames: ["platform", "status"],
      registers,
    }),
    rateLimited: new Counter({
      name: "quizbot_platform_rate_limited_total",
      help: "Web API requests answered 429 (rate limited; the SDK waits and sends them again), by platform",
      labelNames: ["platform"],
      registers,
    }),
  };
}

/** The gauges read at scrape time from `sources`: rounds open, runner services and the database pool. */
function scrapedGauges(registry: Registry, sources: MetricSources): void {
  new Gauge({
    name: "quizbot_rounds_open",
    help: "Rounds open in the database (the same figure from every bot process on one database)",
    registers: [registry],
    async collect() {
      if (sources.roundsOpen) this.set(await sources.roundsOpen());
    },
  });
  new Gauge({
    name: "quizbot_runner_service_up",
    help: "With RUNNER_URL: 1 while the bot sends runs to this runner service (its health check passes), else 0",
    labelNames: ["service"],
    registers: [registry],
    collect() {
      for (const service of sources.runnerServices?.() ?? []) {
        this.set({ service: service.url }, service.healthy ? 1 : 0);
      }
    },
  });
  const pool = (name: string, help: string, pick: (figures: PoolFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const figures = sources.databasePool?.();
        if (figures) this.set(pick(figures));
      },
    });
  pool("quizbot_database_pool_max", "Connections the database pool may hold", (figures) => figures.max);
  pool(
    "quizbot_database_pool_in_use",
    "Connections busy with this process's queries or transactions",
    (figures) => figures.inUse,
  );
  pool(
    "quizbot_database_pool_waiting",
    "This process's queries and transactions waiting for a busy connection",
    (figures) => figures.waiting,
  );
}

/** The text a `GET /metrics` answers with, and its content type. */
export async function metricsPage(metrics: Metrics): Promise<{ contentType: string; body: string }> {
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
