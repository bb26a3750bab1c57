import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { count, countDistinct } from "drizzle-orm";
import { createBot } from "../src/bot.js";
import { createLogger } from "../src/logger.js";
import { type Database, migratePgliteClient, wrapPglite } from "../src/storage/database.js";
import { answers } from "../src/storage/schema/index.js";
import { BenchPlatform, oneQuestionPack } from "./bench-platform.js";
import { type BenchFigure, percentile, round } from "./figure.js";
import { freshPostgres } from "./fresh-database.js";

const pack = oneQuestionPack("bench", "Bench");

/**
 * Answer ingestion through the application layer (router, round engine, answer transaction with every
 * answer hook the bot wires): 1,000 members answer one question within one second, then bursts of
 * members answering at once measure sustained throughput. Every answer must be stored exactly once.
 */
export async function ingestionBenchmark(options: {
  quick: boolean;
  databaseUrl?: string;
}): Promise<BenchFigure[]> {
  const members = options.quick ? 300 : 1000;
  const bursts = options.quick ? 2 : 5;
  const pacedRepeats = 3;
  const database: Database = options.databaseUrl
    ? await freshPostgres(options.databaseUrl, "ingest")
    : await (async () => {
        const { PGlite } = await import("@electric-sql/pglite");
        const client = new PGlite();
        await migratePgliteClient(client);
        return wrapPglite(client);
      })();
  const platform = new BenchPlatform();
  const bot = createBot({
    database,
    platforms: [platform],
    packs: [pack],
    logger: createLogger({ level: "silent", secrets: [] }),
    rounds: { revealPauseMs: 100, sweepMs: 600_000 },
  });
  await bot.start();
  let delivery = 0;
  const openQuestion = (channel: string) => platform.openQuestion(channel, `d${++delivery}`);
  const answer = async (channel: string, roundQuestionId: number, member: string): Promise<number> => {
    const started = performance.now();
    await platform.answer(channel, roundQuestionId, member, member.length % 3, `d${++delivery}`);
    return performance.now() - started;
  };

  try {
    // Warm up connections and code paths.
    const warm = await openQuestion("warm");
    await Promise.all(Array.from({ length: 50 }, (_, i) => answer("warm", warm, `w${i}`)));

    // 1,000 members spread over one second: latency from receipt to stored-and-acknowledged. Three such
    // seconds, each on a question of its own, and the median of each figure: one second on a shared
    // machine is at the mercy of whatever else runs in it.
    const pacedRuns: { p50: number; p99: number; seconds: number }[] = [];
    for (let run = 0; run < pacedRepeats; run += 1) {
      const paced = await openQuestion(`paced-${run}`);
      const latencies: Promise<number>[] = [];
      const pacedStart = performance.now();
      for (let i = 0; i < members; i += 1) {
        const due = pacedStart + (i * 1000) / members;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        latencies.push(answer(`paced-${run}`, paced, `p${run}-${i}`));
      }
      const pacedLatencies = await Promise.all(latencies);
      pacedRuns.push({
        p50: percentile(pacedLatencies, 50),
        p99: percentile(pacedLatencies, 99),
        seconds: (performance.now() - pacedStart) / 1000,
      });
    }
    const medianOf = (pick: (run: (typeof pacedRuns)[number]) => number) =>
      percentile(pacedRuns.map(pick), 50);

    // Bursts: every member of a channel answers at once; throughput over all bursts.
    const burstIds = [];
    for (let b = 0; b < bursts; b += 1) burstIds.push(await openQuestion(`burst-${b}`));
    const burstStart = performance.now();
    const burstLatencies = (
      await Promise.all(
        burstIds.map((id, b) =>
          Promise.all(Array.from({ length: members }, (_, i) => answer(`burst-${b}`, id, `b${b}-${i}`))),
        ),
      )
    ).flat();
    const burstSeconds = (performance.now() - burstStart) / 1000;

    const [stored] = await database.db
      .select({ rows: count(), users: countDistinct(answers.userId) })
      .from(answers);
    const expected = 50 + pacedRepeats * members + bursts * members;
    return [
      {
        figure: "ingestion: answers stored exactly once",
        unit: "answers",
        value: stored?.rows ?? 0,
        // Exactly: a lost answer and a double-counted one both fail.
        goal: `= ${expected}`,
      },
      {
        figure: `ingestion: ${members} members in 1 s, p50 receipt to stored (median of ${pacedRepeats} runs)`,
        unit: "ms",
        value: round(medianOf((run) => run.p50)),
      },
      {
        figure: `ingestion: ${members} members in 1 s, p99 receipt to stored (median of ${pacedRepeats} runs)`,
        unit: "ms",
        value: round(medianOf((run) => run.p99)),
        goal: "<= 100",
      },
      {
        figure: "ingestion: paced run wall time (median)",
        unit: "s",
        value: round(medianOf((run) => run.seconds)),
      },
      {
        figure: `ingestion: burst of ${bursts}x${members} at once, throughput`,
        unit: "answers/s",
        value: Math.round(burstLatencies.length / burstSeconds),
        goal: ">= 2000",
      },
      {
        figure: "ingestion: burst p99 receipt to stored",
        unit: "ms",
        value: round(percentile(burstLatencies, 99)),
      },
    ];
  } finally {
    await bot.stop();
    await database.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const figures = await ingestionBenchmark({ quick, ...(databaseUrl ? { databaseUrl } : {}) });
  console.table(figures);
}
