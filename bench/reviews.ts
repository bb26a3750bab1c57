/**
 * Review storage benchmark on real Postgres: seeds review cards over many members in a fresh database,
 * then times the two hot paths of `/review`: fetching a member's next 20 due cards and grading one card
 * (card update and log insert in one transaction).
 *
 *   npx tsx bench/reviews.ts            full: 1,000,000 cards over 10,000 members
 *   npx tsx bench/reviews.ts --quick    50,000 cards over 500 members
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a database
 * of its own is created and dropped.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { openPostgres } from "../src/storage/database.js";
import { DrizzleReviewStore } from "../src/storage/reviews/drizzle-review-store.js";
import { type BenchFigure, quantile, round, timeEach } from "./figure.js";
import { benchServerUrl, migratedPostgres } from "./fresh-database.js";

const questionsPerMember = 100;

export async function reviewsBenchmark(options: {
  quick: boolean;
  databaseUrl?: string;
}): Promise<BenchFigure[]> {
  const members = options.quick ? 500 : 10_000;
  const iterations = options.quick ? 300 : 1_000;
  const scratch = await migratedPostgres(benchServerUrl(options.databaseUrl), "reviews");
  try {
    const seedStarted = performance.now();
    const now = await seed(scratch.url, members);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const measured = await measure(scratch.url, members, iterations, now);
    const server = await serverTimes(scratch.url, members, now);
    // The same grading without waiting for the WAL flush (an operator's choice: `alter database ... set
    // synchronous_commit = off` risks losing the last moments of gradings in a crash, never consistency).
    // It shows how much of a grading is the commit's fsync on this machine's disk.
    await scratch.admin(`alter database ${scratch.name} set synchronous_commit = off`);
    const relaxed = await measure(scratch.url, members, iterations, now);
    return [
      { figure: "review cards seeded", unit: "cards", value: members * questionsPerMember },
      { figure: "seeding time", unit: "s", value: round(seedSeconds) },
      {
        figure: "next 20 due cards, p50",
        unit: "ms",
        value: round(quantile(measured.fetch, 0.5)),
        goal: "<= 5",
      },
      { figure: "next 20 due cards, p99", unit: "ms", value: round(quantile(measured.fetch, 0.99)) },
      {
        figure: "next 20 due cards, server execution (EXPLAIN ANALYZE), p50",
        unit: "ms",
        value: round(quantile(server.times, 0.5)),
      },
      { figure: "next 20 due cards uses an index-only scan", unit: "yes=1", value: server.indexOnly ? 1 : 0 },
      {
        figure: "grade one card (card + log, one tx), p50",
        unit: "ms",
        value: round(quantile(measured.grade, 0.5)),
        goal: "<= 5",
      },
      {
        figure: "grade one card (card + log, one tx), p99",
        unit: "ms",
        value: round(quantile(measured.grade, 0.99)),
      },
      {
        figure: "grade one card, synchronous_commit=off, p50",
        unit: "ms",
        value: round(quantile(relaxed.grade, 0.5)),
      },
      {
        figure: "grade one card, synchronous_commit=off, p99",
        unit: "ms",
        value: round(quantile(relaxed.grade, 0.99)),
      },
    ];
  } finally {
    await scratch.drop();
  }
}

async function measure(
  url: string,
  members: number,
  iterations: number,
  now: Date,
): Promise<{ fetch: number[]; grade: number[] }> {
  const database = await openPostgres({ url, poolSize: 4 });
  try {
    const store = new DrizzleReviewStore(database.db);
    const pick = (n: number) => 1 + Math.floor(Math.random() * n);
    // Warm the pool, the plan cache and the index pages the way a running bot has them.
    for (let i = 0; i < 50; i += 1) await store.dueCards(pick(members), now, 20);
    const fetch = await timeEach(iterations, () => store.dueCards(pick(members), now, 20));
    let at = now.getTime();
    const grade = await timeEach(iterations, () => {
      at += 1000;
      return store.grade({
        userId: pick(members),
        questionId: questionId(pick(questionsPerMember)),
        grade: (1 + Math.floor(Math.random() * 4)) as 1 | 2 | 3 | 4,
        at: new Date(at),
        source: "review",
        platform: "console",
        workspaceId: "bench",
      });
    });
    return { fetch, grade };
  } finally {
    await database.close();
  }
}

/**
 * The due fetch as the server sees it, without client, driver and scheduling time: on a loaded machine
 * the round trip is mostly waiting for a CPU, and this separates the query's own cost from that.
 */
async function serverTimes(
  url: string,
  members: number,
  now: Date,
): Promise<{ times: number[]; indexOnly: boolean }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const times: number[] = [];
    let indexOnly = true;
    for (let i = 0; i < 200; i += 1) {
      const userId = 1 + Math.floor(Math.random() * members);
      const [row] = await sql.unsafe(
        `explain (analyze, format json) select question_id, due from review_cards
          where user_id = $1 and due <= $2 order by due limit 20`,
        [userId, now.toISOString()],
      );
      const plan = (Object.values(row ?? {})[0] as { "Execution Time": number; Plan: unknown }[])[0];
      if (!plan) continue;
      times.push(plan["Execution Time"]);
      if (!JSON.stringify(plan.Plan).includes("Index Only Scan")) indexOnly = false;
    }
    return { times, indexOnly };
  } finally {
    await sql.end();
  }
}

function questionId(n: number): string {
  return `bench-${String(n).padStart(3, "0")}`;
}

/**
 * Bulk seeding in SQL: members, one pack of questions, and a card per member and question with a due
 * date spread over the 30 days before and 60 days after "now". Rows go in question-major order, so a
 * member's cards lie scattered over the table as in a live system (written over months, interleaved with
 * everyone else's), not clustered per member. The card indexes are dropped for the load and rebuilt
 * after it, the usual bulk-load practice; then `vacuum analyze` does what autovacuum does in production.
 */
async function seed(url: string, members: number): Promise<Date> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const now = new Date("2026-03-02T10:00:00Z");
  try {
    await sql`insert into packs (id, title, description, language, version, author, seconds_per_question)
              values ('bench', 'Bench', 'Benchmark pack', 'en', '1.0.0', 'bench', 20)`;
    await sql`insert into questions (id, pack_id, kind, tags, difficulty, content, content_hash)
              select 'bench-' || lpad(g::text, 3, '0'), 'bench', 'choice', array['bench'], 1,
                     jsonb_build_object('id', 'bench-' || lpad(g::text, 3, '0'), 'packId', 'bench', 'kind', 'choice',
                       'tags', jsonb_build_array('bench'), 'difficulty', 1, 'prompt', 'Question ' || g,
                       'explanation', 'Because.', 'options', jsonb_build_array('a', 'b', 'c'), 'correct', 1,
                       'keepOrder', true),
                     md5(g::text)
                from generate_series(1, ${questionsPerMember}) g`;
    // A fresh database: identity ids run 1..members, which the card rows below rely on.
    await sql`insert into users (platform, platform_user_id, display_name)
              select 'console', 'member-' || g, 'Member ' || g from generate_series(1, ${members}) g`;
    const indexes = await sql<{ name: string; definition: string }[]>`
      select indexname as name, indexdef as definition from pg_indexes
       where tablename = 'review_cards' and indexname <> 'review_cards_user_id_question_id_pk'`;
    for (const index of indexes) await sql.unsafe(`drop index "${index.name}"`);
    await sql`insert into review_cards (user_id, question_id, due, stability, difficulty, elapsed_days,
                                        scheduled_days, learning_steps, reps, lapses, state, last_review)
              select u, 'bench-' || lpad(q::text, 3, '0'),
                     ${now.toISOString()}::timestamptz + (random() * 90 - 30) * interval '1 day',
                     1 + random() * 50, 1 + random() * 9, 3, 10, 0, 4, 0, 2,
                     ${now.toISOString()}::timestamptz - interval '10 days'
                from generate_series(1, ${questionsPerMember}) q, generate_series(1, ${members}) u`;
    for (const index of indexes) await sql.unsafe(index.definition);
    await sql`vacuum analyze`;
    return now;
  } finally {
    await sql.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const figures = await reviewsBenchmark({ quick });
  console.table(figures);
}
