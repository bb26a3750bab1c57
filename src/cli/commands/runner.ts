import { loadConfig } from "../../config.js";
import { createLogger } from "../../logger.js";
import { MeteredCodeRunner } from "../../metrics/metered-code-runner.js";
import { runnerMeter } from "../../metrics/meters.js";
import { createMetrics, metricsPage } from "../../metrics/metrics.js";
import { codeRunnerOptionsFrom, createCodeRunner, interpretersFrom } from "../../runner/index.js";
import { startRunServer } from "../../runner/service/run-server.js";
import { type CliCommand, UsageError } from "../command.js";

/** `quizbot runner serve`: the snippet sandbox as an HTTP service other bot processes send runs to. */
export const runnerCommand: CliCommand = {
  name: "runner",
  summary: "Serve the snippet sandbox over HTTP for bots with RUNNER_URL (needs RUNNER_TOKEN)",
  usage: "serve [--port N] [--host ADDRESS]",
  help: {
    port: "port to listen on (default 8090)",
    host: "address to bind (default 127.0.0.1; 0.0.0.0 for every interface)",
  },
  options: { port: { type: "string" }, host: { type: "string" } },
  allowPositionals: true,
  async run(context) {
    const [action, ...extra] = context.positionals;
    if (action !== "serve" || extra.length > 0) throw new UsageError("expected `serve`");
    const port = parsePort(context.values.port);
    const host = typeof context.values.host === "string" ? context.values.host : "127.0.0.1";
    const config = loadConfig(context.env);
    const token = config.env.RUNNER_TOKEN;
    if (!token) {
      context.stderr.write(
        "quizbot runner serve: RUNNER_TOKEN is not set: set it to a secret of 16 characters or more, the bearer token bots send (the same value as theirs)\n",
      );
      return 78;
    }
    const logger = createLogger({ level: config.env.LOG_LEVEL, secrets: config.secrets }).child({
      component: "runner-service",
    });
    const options = codeRunnerOptionsFrom(config.env);
    const interpreters = await interpretersFrom(config.env);
    const metrics = createMetrics();
    const runner = new MeteredCodeRunner(
      await createCodeRunner(
        { ...options, interpreters: interpreters.found, meter: runnerMeter(metrics) },
        logger,
      ),
      metrics,
    );
    const server = await startRunServer({
      runner,
      limits: options.limits,
      token,
      host,
      port,
      logger,
      metrics: () => metricsPage(metrics),
    });
    logger.info({ url: server.url, backend: runner.backend }, "runner service listening");
    await new Promise<void>((resolve) => {
      const drain = (signal: NodeJS.Signals) => {
        logger.info({ signal }, "runner service draining: finishing the runs in flight, refusing new ones");
        void server.drain().then(resolve);
      };
      process.once("SIGTERM", drain);
      process.once("SIGINT", drain);
    });
    await runner.close();
    logger.info("runner service stopped");
    return 0;
  },
};

function parsePort(value: unknown): number {
  if (value === undefined) return 8090;
  const port = Number(value);
  if (typeof value !== "string" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError("--port expects a whole number from 0 to 65535");
  }
  return port;
}
