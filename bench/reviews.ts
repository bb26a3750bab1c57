/**
 * Review storage benchmark on real Postgres: seeds review cards over many members in a fresh database,
 * then times the two hot paths of `/review`: fetching a member's next 20 due cards and grading one card
 * (card update, load balancing and log insert in one transaction). Cards per member are skewed (see `seed`), and the
 * members timed are drawn in proportion to their cards, as busier members review more often.
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
import { drizzleReviewStorage } from "../src/storage/reviews/index.js";
import { withBulkLoadSettings, withoutIndexes } from "./bulk-load.js";
import { type BenchFigure, msQuantile, quantile, round, timeEach } from "./figure.js";
import { benchServerUrl, migratedPostgres, type ScratchDatabase } from "./fresh-database.js";

/** Questions in the bench's packs: a power of two, so a member's cards can be chosen by an odd stride. */
const questionCount = 1024;
const questionsPerPack = 128;
const cardsPerMember = 100;

export async function reviewsBenchmark(options: {
  quick: boolean;
  databaseUrl?: string;
}): Promise<BenchFigure[]> {
  const members = options.quick ? 500 : 10_000;
  const iterations = options.quick ? 300 : 1_000;
  const scratch = await migratedPostgres(benchServerUrl(options.databaseUrl), "reviews");
  try {
    const seedStarted = performance.now();
    const { now, cards } = await seed(scratch, members, members * cardsPerMember);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const measured = await measure(scratch.url, cards, iterations, now);
    const server = await serverTimes(scratch.url, cards, now);
    // The same grading without waiting for the WAL flush (an operator's choice: `alter database ... set
    // synchronous_commit = off` risks losing the last moments of gradings in a crash, never consistency).
    // It shows how much of a grading is the commit's fsync on this machine's disk.
    await scratch.admin(`alter database ${scratch.name} set synchronous_commit = off`);
    const relaxed = await measure(scratch.url, cards, iterations, now);
    const perMember = cards.counts;
    return [
      { figure: "review cards seeded", unit: "cards", value: cards.total },
      { figure: "review cards per member, median", unit: "cards", value: quantile(perMember, 0.5) },
      { figure: "review cards per member, most", unit: "cards", value: Math.max(...perMember) },
      { figure: "seeding time", unit: "s", value: round(seedSeconds) },
      msQuantile("next 20 due cards, p50", measured.fetch, 0.5, "<= 5"),
      msQuantile("next 20 due cards, p99", measured.fetch, 0.99),
      msQuantile("next 20 due cards, server execution (EXPLAIN ANALYZE), p50", server.times, 0.5),
      {
        // The planner picks per member: for a member with many cards it may prefer another plan.
        figure: "next 20 due cards served by an index-only scan",
        unit: "% of fetches",
        value: round(server.indexOnlyShare * 100, 0),
      },
      msQuantile("grade one card (card + log, load balanced, one tx), p50", measured.grade, 0.5, "<= 5"),
      msQuantile("grade one card (card + log, load balanced, one tx), p99", measured.grade, 0.99),
      msQuantile(
        "load balancer's due count per day, server execution (EXPLAIN ANALYZE), p50",
        server.balanceTimes,
        0.5,
      ),
      msQuantile("grade one card, synchronous_commit=off, p50", relaxed.grade, 0.5),
      msQuantile("grade one card, synchronous_commit=off, p99", relaxed.grade, 0.99),
    ];
  } finally {
    await scratch.drop();
  }
}

async function measure(
  url: string,
  cards: SeededCards,
  iterations: number,
  now: Date,
): Promise<{ fetch: number[]; grade: number[] }> {
  const database = await openPostgres({ url, poolSize: 4 });
  try {
    const store = drizzleReviewStorage(database.db);
    // Warm the pool, the plan cache and the index pages the way a running bot has them.
    for (let i = 0; i < 50; i += 1) await store.cards.dueCards(cards.pick().userId, now, 20);
    const fetch = await timeEach(iterations, () => store.cards.dueCards(cards.pick().userId, now, 20));
    let at = now.getTime();
    const grade = await timeEach(iterations, () => {
      at += 1000;
      return store.cards.grade({
        ...cards.pick(),
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
 * The due fetch as the server sees it (the store's SQL, cards of retired questions left out), without
 * client, driver and scheduling time: on a loaded machine the round trip is mostly waiting for a CPU, and
 * this separates the query's own cost from that.
 */
async function serverTimes(
  url: string,
  cards: SeededCards,
  now: Date,
): Promise<{ times: number[]; indexOnlyShare: number; balanceTimes: number[] }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const balanceTimes = await balanceCountTimes(sql, cards, now);
    const times: number[] = [];
    let indexOnly = 0;
    for (let i = 0; i < 200; i += 1) {
      const userId = cards.pick().userId;
      const [row] = await sql.unsafe(
        `explain (analyze, format json) select question_id, due from review_cards
          where user_id = $1 and due <= $2
            and not exists (select 1 from questions
                             where questions.id = review_cards.question_id and questions.retired_at is not null)
          order by due limit 20`,
        [userId, now.toISOString()],
      );
      const plan = (Object.values(row ?? {})[0] as { "Execution Time": number; Plan: unknown }[])[0];
      if (!plan) continue;
      times.push(plan["Execution Time"]);
      if (JSON.stringify(plan.Plan).includes("Index Only Scan")) indexOnly += 1;
    }
    return { times, indexOnlyShare: times.length === 0 ? 0 : indexOnly / times.length, balanceTimes };
  } finally {
    await sql.end();
  }
}

/**
 * The load balancer's count (`storage/reviews/due-histogram.ts`) as the server runs it: one member's due
 * cards per local day over a fuzz range, here 8 to 25 days ahead (a card with an interval of about two weeks
 * to three weeks). The same statement runs once per grading batch, so this is what balancing adds to a
 * grading, without the client and scheduling time a loaded machine adds to the round trip.
 */
async function balanceCountTimes(sql: postgres.Sql, cards: SeededCards, now: Date): Promise<number[]> {
  const times: number[] = [];
  const day = 86_400_000;
  for (let i = 0; i < 200; i += 1) {
    const window = JSON.stringify([
      {
        user_id: cards.pick().userId,
        zone: "Europe/Berlin",
        lo: new Date(now.getTime() + 8 * day).toISOString(),
        hi: new Date(now.getTime() + 26 * day).toISOString(),
      },
    ]);
    const [row] = await sql.unsafe(
      `explain (analyze, format json)
       select c.user_id, to_char(c.due at time zone w.zone, 'YYYY-MM-DD') as day, count(*) as n
         from jsonb_to_recordset($1::text::jsonb) as w(user_id bigint, zone text, lo timestamptz, hi timestamptz)
         join review_cards c on c.user_id = w.user_id and c.due >= w.lo and c.due < w.hi
        group by 1, 2`,
      [window],
    );
    const plan = (Object.values(row ?? {})[0] as { "Execution Time": number }[])[0];
    if (plan) times.push(plan["Execution Time"]);
  }
  return times;
}

/** The seeded cards: how many each member has, and a random existing card, members weighted by cards. */
interface SeededCards {
  readonly total: number;
  readonly counts: readonly number[];
  pick(): { userId: number; questionId: string };
}

/**
 * Bulk seeding in SQL: members, eight packs of 128 questions, and each member's cards with a due date
 * spread over the 30 days before and 60 days after "now". Cards per member follow a log-normal law
 * (median about half the mean, capped at nine times the mean), scaled so the total is exact, every member
 * with at least one; member m's cards are the questions start + i * step (mod 1024) with an odd step, all
 * different. Rows go card-rank-major (every member's first card, then every second card, ...), so a
 * member's cards lie scattered over the table as in a live system, not clustered per member. The card
 * table's indexes, its primary key included, are built after the load and foreign keys are not checked
 * row by row (see `bulk-load.ts`); then `vacuum analyze` does what autovacuum does in production.
 */
async function seed(
  scratch: ScratchDatabase,
  members: number,
  total: number,
): Promise<{ now: Date; cards: SeededCards }> {
  const now = new Date("2026-03-02T10:00:00Z");
  const rows = await withBulkLoadSettings(scratch, async () => {
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      await sql`select setseed(0.42)`;
      await sql`insert into packs (id, title, description, language, version, author, seconds_per_question)
                select 'bench-' || p, 'Bench ' || p, 'Benchmark pack', 'en', '1.0.0', 'bench', 20
                  from generate_series(0, ${questionCount / questionsPerPack - 1}::int) p`;
      await sql`insert into questions (id, pack_id, kind, tags, difficulty, content, content_hash)
                select 'bench-' || g, 'bench-' || (g - 1) / ${questionsPerPack}::int, 'choice', array['bench'], 1,
                       jsonb_build_object('id', 'bench-' || g, 'packId', 'bench-' || (g - 1) / ${questionsPerPack}::int,
                         'kind', 'choice', 'tags', jsonb_build_array('bench'), 'difficulty', 1,
                         'prompt', 'Question ' || g, 'explanation', 'Because.',
                         'options', jsonb_build_array('a', 'b', 'c'), 'correct', 1, 'keepOrder', true),
                       md5(g::text)
                  from generate_series(1, ${questionCount}::int) g`;
      // A fresh database: identity ids run 1..members, which the card rows below rely on.
      await sql`insert into users (platform, platform_user_id, display_name)
                select 'console', 'member-' || g, 'Member ' || g from generate_series(1, ${members}::int) g`;
      await sql`
        create unlogged table bench_members as
        with drawn as (
          select u, exp(1.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) as weight,
                 random() as s1, random() as st
            from generate_series(1, ${members}::int) u
        ), capped as (
          select *, least(weight, 9 * avg(weight) over ()) as capped from drawn
        ), spread as (
          select *, case when u = ${members}::int then ${total - members}::bigint
                         else floor(${total - members}::float8 * sum(capped) over (order by u)
                                    / sum(capped) over ())::bigint end as upto
            from capped
        )
        select u, (1 + upto - coalesce(lag(upto) over (order by u), 0))::int as n,
               floor(s1 * ${questionCount}::int)::int as start, 2 * floor(st * ${questionCount / 2}::int)::int + 1 as step
          from spread`;
      const memberRows = await sql<{ u: number; n: number; start: number; step: number }[]>`
        select u::int, n, start, step from bench_members order by u`;
      await withoutIndexes(sql, ["review_cards"], async () => {
        await sql`
          insert into review_cards (user_id, question_id, due, stability, difficulty, elapsed_days,
                                    scheduled_days, learning_steps, reps, lapses, state, last_review)
          select m.u, 'bench-' || ((m.start + i * m.step) % ${questionCount}::int + 1),
                 ${now.toISOString()}::timestamptz + (random() * 90 - 30) * interval '1 day',
                 1 + random() * 50, 1 + random() * 9, 3, 10, 0, 4, 0, 2,
                 ${now.toISOString()}::timestamptz - interval '10 days'
            from generate_series(0, (select max(n) - 1 from bench_members)) i
           cross join lateral (select * from bench_members m where m.n > i) m`;
      });
      await sql`drop table bench_members`;
      await sql`vacuum analyze`;
      return memberRows;
    } finally {
      await sql.end();
    }
  });
  if (rows.some((row) => row.n > questionCount))
    throw new Error("a bench member has more cards than questions");
  return { now, cards: cardPicker(rows) };
}

function cardPicker(rows: readonly { u: number; n: number; start: number; step: number }[]): SeededCards {
  const upto: number[] = [];
  let total = 0;
  for (const row of rows) {
    total += row.n;
    upto.push(total);
  }
  return {
    total,
    counts: rows.map((row) => row.n),
    pick() {
      const card = Math.floor(Math.random() * total);
      let low = 0;
      let high = upto.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if ((upto[middle] ?? 0) > card) high = middle;
        else low = middle + 1;
      }
      const member = rows[low] ?? rows[0];
      if (!member) throw new Error("no bench members");
      const rank = card - ((upto[low] ?? 0) - member.n);
      return {
        userId: member.u,
        questionId: `bench-${((member.start + rank * member.step) % questionCount) + 1}`,
      };
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const figures = await reviewsBenchmark({ quick });
  console.table(figures);
}
