import type { Server } from "node:http";
import { hostname, userInfo } from "node:os";
import path from "node:path";
import { type Bot, createBot } from "./bot.js";
import { type Config, loadConfig, platformsToStart } from "./config.js";
import { type DashboardServer, startDashboardServer } from "./dashboard/dashboard-server.js";
import { SignedDashboardLinks } from "./dashboard/link-token.js";
import type { ChatPlatform } from "./domain/ports/chat-platform.js";
import type { Pack } from "./domain/questions/question.js";
import { startHealthServer } from "./health.js";
import { textDestination } from "./log-text.js";
import { createLogger, type Logger } from "./logger.js";
import { MeteredCodeRunner } from "./metrics/metered-code-runner.js";
import { platformApiMeter, runnerMeter } from "./metrics/meters.js";
import { createMetrics, type Metrics, metricsPage } from "./metrics/metrics.js";
import { loadPacks } from "./packs/load-packs.js";
import { formatPackProblem } from "./packs/pack-problem.js";
import { WorkerPictureRenderer } from "./pictures/worker-picture-renderer.js";
import { ConsolePlatform } from "./platforms/console/console-platform.js";
import { createChatPlatforms } from "./platforms/create-platforms.js";
import { ProcessCodeReviewer } from "./review/process-code-reviewer.js";
import { codeRunnerOptionsFrom, createCodeRunner, interpretersFrom } from "./runner/index.js";
import { RemoteCodeRunner } from "./runner/service/remote-code-runner.js";
import { DrizzleDashboardSessionStore } from "./storage/dashboard/drizzle-dashboard-session-store.js";
import { DrizzleDashboardStore } from "./storage/dashboard/drizzle-dashboard-store.js";
import { type Database, openStorage } from "./storage/database.js";
import { storageFailureCode } from "./storage/errors.js";
import { isPostgresSocketRace } from "./storage/postgres-socket-race.js";

export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  /** `--platform` on the command line, over PLATFORM. */
  readonly platform?: string;
  /** `--question-seconds`, over QUESTION_SECONDS. */
  readonly questionSeconds?: number;
  readonly dataDir?: string;
}

/**
 * The composition root: configuration, logger, packs, storage, platforms, bot; then runs until a signal
 * (or, in the console, the end of input) and shuts down cleanly. Resolves to the process exit code.
 */
export async function runBot(options: RunOptions): Promise<number> {
  const { config, kinds, consoleOnly, logger } = configure(options);

  const packs = await packsOrProblems(config, options.stderr);
  if (!packs) return 1;

  const database = await storageFor(config, logger, options.stderr);
  logger.info({ store: database.kind }, "storage ready");
  const metrics = createMetrics();
  // Before the platforms: a RUNNER_BACKEND=bwrap that cannot work here should stop the start, not a member's run.
  const runner = await startRunner(config, logger, metrics);

  const { reviewer, pictures } = startHelpers(config, kinds);

  const { promise: finished, resolve: finish } = exitCode();
  let bot: Bot | undefined;
  const consolePlatform = kinds.includes("console")
    ? consoleFor(config, options, () => void waitForConsoleRounds())
    : undefined;
  const platforms: ChatPlatform[] = [
    ...(consolePlatform ? [consolePlatform] : []),
    ...(await createChatPlatforms(kinds, config, logger, pictures, platformApiMeter(metrics))),
  ];

  let health: Server | undefined;
  let dashboard: DashboardServer | undefined;
  let running = false;
  let stopping: Promise<void> | undefined;
  const shutdown = (code: number) => {
    stopping ??= (async () => {
      logger.info("shutting down");
      const grace = config.env.SHUTDOWN_GRACE_SECONDS * 1000;
      await withTimeout(bot?.stop() ?? Promise.resolve(), grace, () =>
        logger.warn("shutdown grace period ran out"),
      );
      running = false;
      health?.close();
      await dashboard?.close();
      await closeParts({ runner, reviewer, pictures, database }, logger);
      finish(code);
    })();
    return stopping;
  };

  async function waitForConsoleRounds(): Promise<void> {
    // A piped script ends before its round does: let the round play out, then leave.
    const place = consolePlatform?.place;
    while (place && bot && !stopping && (await bot.engine.findOpenRound(place))) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await shutdown(0);
  }

  const detach = watchProcess(logger, () => void shutdown(0));

  bot = createBot({
    ...botSettings(config, consoleOnly),
    database,
    platforms,
    packs,
    logger,
    runner,
    interpreters: runner,
    reviewer,
    metrics,
    ...dashboardLinksFrom(config),
  });
  await bot.start();
  dashboard = await startDashboard(config, database, logger);
  running = true;
  health = await healthServerFor(config, () => running, metrics);
  logger.info({ platforms: kinds }, "quizbot is running");
  const code = await finished;
  detach();
  return code;
}

/**
 * The helpers that run beside the event loop, both started by their first use so an idle bot holds
 * neither. The concurrency review runs in a child process ended after five quiet minutes: its parsers hold
 * a few hundred MB (about 0.4 s to start them). The picture renderer is a worker thread for the platforms
 * that post images (the console keeps text), unless PICTURES_ENABLED=false.
 */
function startHelpers(config: Config, kinds: readonly string[]) {
  const reviewer = new ProcessCodeReviewer();
  const posting = kinds.some((kind) => kind === "discord" || kind === "slack");
  const pictures = config.env.PICTURES_ENABLED && posting ? new WorkerPictureRenderer() : undefined;
  return { reviewer, pictures };
}

/** `GET /healthz` and `GET /metrics` on HEALTH_PORT, when it is set. */
async function healthServerFor(config: Config, isRunning: () => boolean, metrics: Metrics) {
  const port = config.env.HEALTH_PORT;
  return port ? startHealthServer(port, isRunning, () => metricsPage(metrics)) : undefined;
}

/** `/dashboard`'s signer when the bot serves the dashboard (DASHBOARD_PORT; loadConfig checked the rest). */
function dashboardLinksFrom(config: Config) {
  const { DASHBOARD_PORT: port, DASHBOARD_SECRET: secret, DASHBOARD_URL: baseUrl } = config.env;
  if (port === undefined || !secret || !baseUrl) return {};
  const links = new SignedDashboardLinks({ secret, baseUrl });
  return { dashboard: { links, organisers: config.env.DASHBOARD_ORGANISERS ?? [] } };
}

/** The organiser's dashboard on DASHBOARD_PORT (docs/dashboard.md), or nothing when the port is unset. */
async function startDashboard(
  config: Config,
  database: Database,
  logger: Logger,
): Promise<DashboardServer | undefined> {
  const { DASHBOARD_PORT: port, DASHBOARD_SECRET: secret, DASHBOARD_URL: baseUrl } = config.env;
  if (port === undefined || !secret || !baseUrl) return undefined;
  const server = await startDashboardServer({
    store: new DrizzleDashboardStore(database.db),
    sessions: new DrizzleDashboardSessionStore(database.db),
    secret,
    baseUrl,
    port,
    logger: logger.child({ component: "dashboard" }),
    classifyFailure: storageFailureCode,
  });
  logger.info({ port, url: baseUrl }, "dashboard serving");
  return server;
}

/** Configuration from the environment and the command line, and the logger it asks for. */
function configure(options: RunOptions) {
  const env = {
    ...options.env,
    ...(options.platform ? { PLATFORM: options.platform } : {}),
    ...(options.questionSeconds !== undefined ? { QUESTION_SECONDS: String(options.questionSeconds) } : {}),
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
  };
  const config = loadConfig(env);
  const kinds = platformsToStart(config.env);
  const consoleOnly = kinds.length === 1 && kinds[0] === "console";
  // In the terminal chat, routine logs would drown the conversation: warnings only unless asked.
  const level = consoleOnly && options.env.LOG_LEVEL === undefined ? "warn" : config.env.LOG_LEVEL;
  const format = config.env.LOG_FORMAT === "auto" ? (consoleOnly ? "text" : "json") : config.env.LOG_FORMAT;
  const logger = createLogger({
    level,
    secrets: config.secrets,
    ...(format === "text" ? { destination: textDestination(options.stderr) } : {}),
  });
  return { config, kinds, consoleOnly, logger };
}

/** Closes what the bot used, in order; a part that fails to close is logged, the rest still close. */
async function closeParts(
  parts: {
    runner: { close(): Promise<void> };
    reviewer: { close(): Promise<void> };
    pictures: { close(): Promise<void> } | undefined;
    database: { close(): Promise<void> };
  },
  logger: Logger,
): Promise<void> {
  await parts.runner
    .close()
    .catch((error: unknown) => logger.warn({ err: error }, "closing the code runner failed"));
  await parts.reviewer.close();
  await parts.pictures?.close();
  await parts.database
    .close()
    .catch((error: unknown) => logger.warn({ err: error }, "closing the database failed"));
}

/** The runner, counted into the metrics: runner services with RUNNER_URL, else a sandbox here. */
async function startRunner(config: Config, logger: Logger, metrics: Metrics) {
  return new MeteredCodeRunner(await unmeteredRunner(config, logger, metrics), metrics);
}

async function unmeteredRunner(config: Config, logger: Logger, metrics: Metrics) {
  const runnerLogger = logger.child({ component: "runner" });
  const { RUNNER_URL: urls, RUNNER_TOKEN: token } = config.env;
  // Runner services instead of a sandbox here (issue: scale out); loadConfig made sure of the token.
  if (urls && token) {
    const runTimeoutMs = config.env.RUNNER_URL_TIMEOUT_SECONDS * 1000;
    const remote = await RemoteCodeRunner.connect({ urls, token, runTimeoutMs, logger: runnerLogger });
    metrics.sources.runnerServices = () => remote.services();
    return remote;
  }
  // With the runner off there is nothing to offer: probing every interpreter would only slow the start.
  if (config.env.RUNNER_BACKEND === "off")
    return createCodeRunner(codeRunnerOptionsFrom(config.env), runnerLogger);
  const interpreters = await interpretersFrom(config.env);
  for (const skipped of interpreters.skipped) runnerLogger.info({ skipped }, "interpreter not offered");
  return createCodeRunner(
    { ...codeRunnerOptionsFrom(config.env), interpreters: interpreters.found, meter: runnerMeter(metrics) },
    runnerLogger,
  );
}

/** The bot's settings from configuration (the parts that are not built objects). */
function botSettings(config: Config, consoleOnly: boolean) {
  return {
    exploreBudgetMs: Math.max(1_000, config.env.RUNNER_EXPLORE_SECONDS * 1000 - 3_000),
    rounds: {
      ...(config.env.QUESTION_SECONDS !== undefined ? { questionSeconds: config.env.QUESTION_SECONDS } : {}),
      ...(consoleOnly && config.env.QUESTION_SECONDS !== undefined ? { revealPauseMs: 500 } : {}),
      instanceId: `${hostname()}:${process.pid}`,
    },
    defaultTimeZone: config.env.DEFAULT_TIMEZONE,
  };
}

/** Signals shut down; one known driver bug outside any promise is survived. Returns the undo. */
function watchProcess(logger: Logger, shutdown: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "signal received");
    shutdown();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // One known driver bug may surface outside any promise (see postgres-socket-race.ts); anything else
  // uncaught still ends the process, as Node would without this listener.
  const onUncaught = (error: Error) => {
    if (isPostgresSocketRace(error)) {
      logger.warn({ err: error }, "postgres driver socket race after a lost connection; carrying on");
      return;
    }
    logger.fatal({ err: error }, "uncaught exception");
    process.exit(1);
  };
  process.on("uncaughtException", onUncaught);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("uncaughtException", onUncaught);
  };
}

function storageFor(config: Config, logger: Logger, stderr: NodeJS.WritableStream): Promise<Database> {
  return openStorage({
    databaseUrl: config.env.DATABASE_URL,
    dataDir: config.env.DATA_DIR,
    poolSize: config.env.DATABASE_POOL_SIZE,
    preparedStatements: config.env.DATABASE_PREPARED_STATEMENTS,
    onNotice: (message) => logger.debug({ message }, "database notice"),
    // The first `npm start` would otherwise sit silent while initdb runs.
    onCreateEmbedded: (directory) =>
      stderr.write(
        `quizbot: first start: creating the embedded database in ${shownPath(directory)} (a few seconds) ...\n`,
      ),
  });
}

/** The terminal chat; `onInputEnd` lets a piped script's round play out before the process leaves. */
function consoleFor(config: Config, options: RunOptions, onInputEnd: () => void): ConsolePlatform {
  return new ConsolePlatform({
    input: options.stdin,
    output: options.stdout,
    colour: Boolean(options.stdout.isTTY) && !config.env.NO_COLOR,
    userName: safeUserName(),
    onInputEnd,
    filesDir: path.join(config.env.DATA_DIR, "files"),
  });
}

/** The quiz packs, or undefined once every problem in them is written out: the bot does not start on them. */
async function packsOrProblems(config: Config, stderr: NodeJS.WritableStream): Promise<Pack[] | undefined> {
  const packs = await loadPacks(config.env.QUIZ_PACKS_DIR);
  if (packs.ok) return packs.value;
  for (const problem of packs.error) stderr.write(`${formatPackProblem(problem)}\n`);
  stderr.write(`quizbot: refusing to start: ${packs.error.length} problem(s) in the quiz packs\n`);
  return undefined;
}

/** The process's exit code, settled once the shutdown has finished. */
function exitCode(): { promise: Promise<number>; resolve: (code: number) => void } {
  let resolve: (code: number) => void = () => {};
  const promise = new Promise<number>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Applies pending migrations and exits: `quizbot migrate`. */
export async function migrateOnly(env: NodeJS.ProcessEnv): Promise<{ config: Config; database: Database }> {
  const config = loadConfig(env);
  const database = await openStorage({
    databaseUrl: config.env.DATABASE_URL,
    dataDir: config.env.DATA_DIR,
    poolSize: 1,
  });
  return { config, database };
}

async function withTimeout(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  await Promise.race([work.then(() => undefined), timeout]);
  clearTimeout(timer);
}

function safeUserName(): string {
  try {
    const name = userInfo().username;
    return name && name !== "root" ? name : "you";
  } catch {
    return "you";
  }
}

export type { Logger };

/** A path as a newcomer reads it: relative below the working directory, absolute elsewhere. */
function shownPath(directory: string): string {
  const relative = path.relative(process.cwd(), directory);
  return relative === "" || relative.startsWith("..") ? directory : relative;
}
