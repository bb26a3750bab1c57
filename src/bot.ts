import { randomUUID } from "node:crypto";
import { codeReviewFeature } from "./app/code-review/code-review-feature.js";
import { checkCatalogue } from "./app/command-catalogue.js";
import { dailyFeature } from "./app/daily/daily-feature.js";
import { DailyScheduler } from "./app/daily/daily-scheduler.js";
import { dashboardFeature } from "./app/dashboard/dashboard-feature.js";
import type { Feature } from "./app/feature.js";
import { groupsFeature } from "./app/groups/groups-feature.js";
import { helpFeature } from "./app/help-feature.js";
import { leaderboardFeature } from "./app/leaderboards/leaderboard-feature.js";
import { QuestionCatalog } from "./app/question-catalog.js";
import { reviewFeature } from "./app/reviews/review-feature.js";
import { RoundEngine, type RoundSettings } from "./app/rounds/round-engine.js";
import { roundsFeature } from "./app/rounds/rounds-feature.js";
import { createRouter } from "./app/router.js";
import type { ChatPlatform, EventHandler, PlatformName } from "./domain/ports/chat-platform.js";
import { type Clock, systemClock } from "./domain/ports/clock.js";
import type { CodeReviewer } from "./domain/ports/code-reviewer.js";
import type { CodeRunner, InterpreterCatalog } from "./domain/ports/code-runner.js";
import type { DashboardLinks } from "./domain/ports/dashboard-links.js";
import type { JobClock } from "./domain/ports/job-clock.js";
import { systemTimers, type Timers } from "./domain/ports/timers.js";
import type { Pack } from "./domain/questions/question.js";
import { BindingParameterFitter } from "./fitting/binding-parameter-fitter.js";
import { NodeCronClock } from "./jobs/node-cron-clock.js";
import { nodeCronParser } from "./jobs/node-cron-parser.js";
import type { Logger } from "./logger.js";
import { meteredAnswerStore } from "./metrics/metered-answer-store.js";
import type { Metrics } from "./metrics/metrics.js";
import type { AnswerHook } from "./storage/answer-hooks.js";
import { questionFiguresHook } from "./storage/dashboard/question-figures.js";
import type { Database } from "./storage/database.js";
import { storageFailureCode } from "./storage/errors.js";
import { DrizzleJobClaims } from "./storage/jobs/drizzle-job-claims.js";
import { creditStreak, leaderboardAnswerHook } from "./storage/leaderboards/answer-hook.js";
import { DrizzleGroupStore } from "./storage/leaderboards/drizzle-group-store.js";
import { DrizzleLeaderboardStore } from "./storage/leaderboards/drizzle-leaderboard-store.js";
import { DrizzleChannelSettingsStore } from "./storage/repositories/channel-settings.js";
import { syncPacks } from "./storage/repositories/questions.js";
import { DrizzleSnippetFindings } from "./storage/repositories/snippet-findings.js";
import { DrizzleSnippetRunStore } from "./storage/repositories/snippet-runs.js";
import { DrizzleParameterStore } from "./storage/reviews/drizzle-parameter-store.js";
import { drizzleReviewStorage } from "./storage/reviews/index.js";
import { reviewAnswerHook } from "./storage/reviews/review-answer-hook.js";
import { drizzleRoundStorage } from "./storage/rounds/index.js";
import { countOpenRounds } from "./storage/rounds/open-rounds.js";
import { DrizzleScheduleStore } from "./storage/schedules/drizzle-schedule-store.js";

export interface BotOptions {
  readonly database: Database;
  readonly platforms: readonly ChatPlatform[];
  readonly packs: readonly Pack[];
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly runner?: CodeRunner;
  /** The runner's interpreters, for `/run python:` and "Compare interpreters". */
  readonly interpreters?: InterpreterCatalog;
  /** Time for one interleaving exploration's schedules (RUNNER_EXPLORE_SECONDS minus 3 s). */
  readonly exploreBudgetMs?: number;
  /** Reviews snippets alongside their runs (the Review section); none: runs are shown without one. */
  readonly reviewer?: CodeReviewer;
  readonly rounds?: Partial<RoundSettings> & { readonly defaultQuestionCount?: number };
  readonly defaultTimeZone?: string;
  /** Timer of scheduled jobs (reminders); node-cron unless a test passes a fake. */
  readonly jobClock?: JobClock;
  /** Where answers are counted and timed for `GET /metrics`; none: nothing is counted. */
  readonly metrics?: Metrics;
  /** Signs `/dashboard`'s links when the bot serves the dashboard; none: the command says it is off. */
  readonly dashboard?: { readonly links: DashboardLinks; readonly organisers?: readonly string[] };
}

export interface Bot {
  readonly engine: RoundEngine;
  readonly handler: EventHandler;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Composition of the running bot: stores on the database, the features, the router, and the platforms.
 * `main.ts` builds it from configuration; tests build it with a test database and fake or local platforms.
 */
export function createBot(options: BotOptions): Bot {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers(clock);
  const { db } = options.database;
  const catalog = new QuestionCatalog(options.packs);
  const platforms = new Map<PlatformName, ChatPlatform>(
    options.platforms.map((platform) => [platform.name, platform]),
  );
  const defaultTimeZone = options.defaultTimeZone ?? "UTC";
  const instanceId = options.rounds?.instanceId ?? randomUUID();
  const claims = new DrizzleJobClaims(db);
  const roundStorage = roundStorageOf(db, answerHooksOf(defaultTimeZone), options.metrics);
  if (options.metrics) watchStorage(options.metrics, options.database);
  const engine = roundEngineOf(options, {
    store: roundStorage,
    catalog,
    platforms,
    clock,
    timers,
    instanceId,
  });
  const jobClock =
    options.jobClock ??
    new NodeCronClock({ claims, claimant: instanceId, clock, logger: childLogger(options, "jobs") });
  const channelSettings = new DrizzleChannelSettingsStore(db);
  const snippetFindings = new DrizzleSnippetFindings(db);
  const features: Feature[] = [
    roundsFeature({
      engine,
      catalog,
      channelSettings,
      platforms,
      defaultQuestionCount: options.rounds?.defaultQuestionCount ?? 5,
    }),
    helpFeature(),
    leaderboardFeature({ leaderboards: new DrizzleLeaderboardStore(db), clock, defaultTimeZone }),
    groupsFeature({ groups: new DrizzleGroupStore(db), defaultTimeZone }),
    dashboardFeature({ clock, ...options.dashboard }),
    codeReviewFeature({
      runner: options.runner,
      findings: snippetFindings,
      cards: snippetFindings,
      notify: async (user, view) => {
        await platforms.get(user.platform)?.directMessage(user, view);
      },
      ...(options.interpreters ? { interpreters: options.interpreters } : {}),
      runs: new DrizzleSnippetRunStore(db),
      engine,
      ...(options.exploreBudgetMs !== undefined ? { exploreBudgetMs: options.exploreBudgetMs } : {}),
      ...(options.reviewer ? { reviewer: options.reviewer } : {}),
    }),
    reviewFeature({
      // Reviews graded better than Again count for the leaderboard streaks, in the grading's transaction.
      store: drizzleReviewStorage(db, [(tx, credit) => creditStreak(tx, { ...credit, defaultTimeZone })]),
      parameters: new DrizzleParameterStore(db),
      fitter: new BindingParameterFitter({ timeoutMs: 120_000 }),
      clock,
      claims,
      jobClock,
      platforms: options.platforms,
      claimant: instanceId,
      logger: options.logger.child({ component: "reviews" }),
      findings: snippetFindings,
    }),
    dailyFeatureOf(options, {
      db,
      engine,
      jobClock,
      clock,
      catalog,
      channelSettings,
      instanceId,
      defaultTimeZone,
    }),
  ];
  checkCatalogue(features);
  const router = createRouter(features, childLogger(options, "router"), storageFailureCode);
  return { engine, ...lifecycle(options, { router, engine, features }) };
}

/** Daily quizzes: the schedule commands and the scheduler that posts them, on one schedule store. */
function dailyFeatureOf(
  options: BotOptions,
  parts: Omit<Parameters<typeof dailyFeature>[0], "store" | "scheduler" | "cron"> & {
    readonly db: Database["db"];
    readonly engine: RoundEngine;
    readonly jobClock: JobClock;
    readonly instanceId: string;
  },
): Feature {
  const { db, engine, jobClock, instanceId, ...deps } = parts;
  const store = new DrizzleScheduleStore(db);
  const scheduler = new DailyScheduler({
    store,
    engine,
    jobClock,
    cron: nodeCronParser,
    clock: deps.clock,
    claimant: instanceId,
    logger: childLogger(options, "daily"),
  });
  return dailyFeature({ ...deps, store, scheduler, cron: nodeCronParser });
}

function childLogger(options: BotOptions, component: string): Logger {
  return options.logger.child({ component });
}

/** The round engine with its settings: the options' or the defaults. */
function roundEngineOf(
  options: BotOptions,
  parts: Omit<ConstructorParameters<typeof RoundEngine>[0], "logger" | "settings"> & {
    readonly instanceId: string;
  },
): RoundEngine {
  const { instanceId, ...deps } = parts;
  return new RoundEngine({
    ...deps,
    logger: options.logger.child({ component: "rounds" }),
    settings: {
      revealPauseMs: options.rounds?.revealPauseMs ?? 4000,
      challenges: options.runner !== undefined && options.runner.backend !== "off",
      sweepMs: options.rounds?.sweepMs ?? 2000,
      instanceId,
      ...(options.rounds?.questionSeconds !== undefined
        ? { questionSeconds: options.rounds.questionSeconds }
        : {}),
    },
  });
}

/** Start in dependency order (catalogue, platforms, engine, features); stop in reverse, after work in flight. */
function lifecycle(
  options: BotOptions,
  parts: {
    readonly router: EventHandler;
    readonly engine: RoundEngine;
    readonly features: readonly Feature[];
  },
): Omit<Bot, "engine"> {
  const { router, engine, features } = parts;
  // Events the router is still handling: stop() waits for them, because the caller closes the database
  // next, and an answer cut off there would tell its member "something went wrong" and store nothing.
  const inFlight = new Set<Promise<void>>();
  const handler: EventHandler = (event) => {
    const handled = router(event);
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled)).catch(() => {});
    return handled;
  };
  let started = false;

  return {
    handler,
    async start() {
      const report = await syncPacks(options.database.db, options.packs);
      options.logger.info({ ...report }, "question catalogue synchronised");
      for (const platform of options.platforms) await platform.start(handler);
      await engine.start();
      for (const feature of features) await feature.start?.();
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      for (const platform of options.platforms) await platform.stop().catch(() => {});
      await Promise.allSettled([...inFlight]);
      for (const feature of features) await feature.stop?.();
      await engine.stop();
    },
  };
}

/** What every stored answer updates in its own transaction: boards, review cards, the dashboard's figures. */
function answerHooksOf(defaultTimeZone: string): AnswerHook[] {
  return [leaderboardAnswerHook({ defaultTimeZone }), reviewAnswerHook(), questionFiguresHook()];
}

/** The figures the metrics read from the database when scraped: rounds open and the pool. */
function watchStorage(metrics: Metrics, database: Database): void {
  metrics.sources.roundsOpen = () => countOpenRounds(database.db);
  metrics.sources.databasePool = () => database.pool();
}

/** The round stores on the database; with metrics, every stored answer is counted and timed. */
function roundStorageOf(db: Database["db"], answerHooks: readonly AnswerHook[], metrics?: Metrics) {
  const stored = drizzleRoundStorage(db, answerHooks);
  return metrics ? { ...stored, answers: meteredAnswerStore(stored.answers, metrics) } : stored;
}
