import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

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
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process figures: CPU, resident memory, open file descriptors, event-loop lag, heap and GC.
  collectDefaultMetrics({ register: registry, prefix: "quizbot_" });
  return {
    registry,
    answers: new Counter({
      name: "quizbot_answers_total",
      help: "Answers offered to the store, by platform and outcome (recorded, already_answered, question_closed, failed)",
      labelNames: ["platform", "outcome"],
      registers: [registry],
    }),
    answerSeconds: new Histogram({
      name: "quizbot_answer_seconds",
      help: "From an answer's arrival to its being stored (what a member waits for the acknowledgement)",
      labelNames: ["platform"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    runs: new Counter({
      name: "quizbot_runs_total",
      help: "Snippet runs by backend and result status (ok, error, timeout, memory, rejected, unavailable, ...)",
      labelNames: ["backend", "status"],
      registers: [registry],
    }),
    runSeconds: new Histogram({
      name: "quizbot_run_seconds",
      help: "From a run's request to its result, queue wait included",
      labelNames: ["backend"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    runsInFlight: new Gauge({
      name: "quizbot_runs_in_flight",
      help: "Runs asked for and not yet answered (waiting in a queue or running)",
      registers: [registry],
    }),
  };
}

/** The text a `GET /metrics` answers with, and its content type. */
export async function metricsPage(metrics: Metrics): Promise<{ contentType: string; body: string }> {
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
