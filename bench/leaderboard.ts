/**
 * Leaderboard benchmark on real Postgres: a Discord guild that has played for four months, 100,000
 * members with skewed activity, 10,000,000 answers over four channels and a named group, seeded in bulk
 * SQL (see `leaderboard-seed.ts`), with every group's figures built set-based from the answers. Times
 * `/leaderboard` on the guild's board (all members; top 10 + the caller's rank) for the week and all
 * time, and recording one answer through the real `recordAnswer` + leaderboard hook; then proves that
 * the figures and streaks of every group those answers counted for (the guild, its four channels and
 * the named group), the guild's top 10 and sampled callers' ranks equal a full recount from the answers
 * table.
 *
 *   npx tsx bench/leaderboard.ts            full: 100,000 members, 10,000,000 answers
 *   npx tsx bench/leaderboard.ts --quick    10,000 members, 200,000 answers
 *   npx tsx bench/leaderboard.ts --now 2026-12-07T01:00:00Z    as if run then (also `npm run bench -- --now`)
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a database
 * of its own is created and dropped.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { currentPeriodKey } from "../src/domain/leaderboards/periods.js";
import { accuracyMinimumAnswers } from "../src/domain/leaderboards/ranking.js";
import type { Place } from "../src/domain/ports/chat-platform.js";
import type { BoardQuery } from "../src/domain/ports/leaderboard-store.js";
import type { RoundStorage } from "../src/domain/ports/round-store.js";
import { localDay } from "../src/domain/time/local-time.js";
import { openPostgres } from "../src/storage/database.js";
import { leaderboardAnswerHook } from "../src/storage/leaderboards/answer-hook.js";
import { DrizzleLeaderboardStore } from "../src/storage/leaderboards/drizzle-leaderboard-store.js";
import { drizzleRoundStorage } from "../src/storage/rounds/index.js";
import { benchNow } from "./bench-now.js";
import { type BenchFigure, msQuantile, round, timeEach } from "./figure.js";
import { benchServerUrl, migratedPostgres } from "./fresh-database.js";
import { proveAgainstRecount } from "./leaderboard-proof.js";
import { benchPlace, type LeaderboardSeedSize, seedLeaderboards, workspace } from "./leaderboard-seed.js";

export const fullSize: LeaderboardSeedSize = {
  members: 100_000,
  answers: 10_000_000,
  roundsPerChannel: 4096,
};
export const quickSize: LeaderboardSeedSize = { members: 10_000, answers: 200_000, roundsPerChannel: 512 };

export async function leaderboardBenchmark(options: {
  quick: boolean;
  databaseUrl?: string;
  /**
   * The moment the guild's four months end and the timed answers are given (default: the clock). The
   * boards depend on it: an hour into a Monday the week board holds a few hundred members, mid-week
   * thousands.
   */
  now?: Date;
}): Promise<BenchFigure[]> {
  const size = options.quick ? quickSize : fullSize;
  const iterations = options.quick ? 100 : 500;
  const scratch = await migratedPostgres(benchServerUrl(options.databaseUrl), "leaderboard");
  const url = scratch.url;
  try {
    const now = options.now ?? new Date();
    const seedStarted = performance.now();
    const seeded = await seedLeaderboards(scratch, size, now);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const database = await openPostgres({ url, poolSize: 4 });
    try {
      const store = new DrizzleLeaderboardStore(database.db);
      const groupId = seeded.workspaceGroupId;
      // Member n is user n in the fresh database; callers are drawn evenly over the members.
      const pick = () => 1 + Math.floor(Math.random() * size.members);
      const query = (periodKey: string, member: number): BoardQuery => ({
        groupId,
        periodKey,
        metric: "points",
        minAnswers: accuracyMinimumAnswers,
        today: localDay(now, workspace.timeZone),
        limit: 10,
        caller: { platform: workspace.platform, id: memberId(member) },
      });
      const week = currentPeriodKey("week", now, workspace.timeZone);
      const boardMembers = await countBoardMembers(url, groupId, week);
      // Warm the pool, the plan cache and the index pages the way a running bot has them.
      for (let i = 0; i < 30; i += 1) await store.board(query(i % 2 ? week : "all", pick()));
      const weekTimes = await timeEach(iterations, () => store.board(query(week, pick())));
      const allTimes = await timeEach(iterations, () => store.board(query("all", pick())));

      const answerers = shuffled(size.members).slice(0, iterations);
      const hooked = drizzleRoundStorage(database.db, [
        leaderboardAnswerHook({ defaultTimeZone: workspace.timeZone }),
      ]);
      const recordTimes = await timeAnswers(hooked, benchPlace, answerers, now, () => Math.random() < 0.6);
      // The same answer path without the hook, in a guild of its own (its answers must not count on the
      // proven boards): what the figures add to an answer.
      const plain = drizzleRoundStorage(database.db);
      const plainPlace = { ...benchPlace, workspaceId: "bench-plain-guild", channelId: "bench-plain" };
      const plainTimes = await timeAnswers(plain, plainPlace, answerers, now, () => true);

      const server = await serverTimes(url, groupId, week);
      // Every group the seeded and recorded answers counted for: the guild (every member, every answer: the
      // board timed above), its four channels (the timed answers went to one of them) and the named group
      // (membership decides what counts). A group's recount reads its answers twice (figures and streaks).
      const proven = [seeded.workspaceGroupId, ...seeded.channelGroupIds, seeded.namedGroupId];
      const proofStarted = performance.now();
      const proof = await proveAgainstRecount(url, proven, {
        group: groupId,
        store,
        query,
        periods: [week, "all"],
        pick,
      });
      const proofSeconds = (performance.now() - proofStarted) / 1000;
      return [
        { figure: "members on the guild's all-time board", unit: "members", value: boardMembers.all },
        { figure: "members on the guild's week board", unit: "members", value: boardMembers.week },
        { figure: "answers seeded (4 channels, 120 days)", unit: "answers", value: size.answers },
        {
          figure: `seeding time (answers, figures of all ${seeded.groups} groups, indexes)`,
          unit: "s",
          value: round(seedSeconds),
        },
        { figure: "seeding: answers", unit: "s", value: round(seeded.seconds.answers) },
        { figure: "seeding: figures of every group", unit: "s", value: round(seeded.seconds.figures) },
        { figure: "seeding: indexes, vacuum and analyze", unit: "s", value: round(seeded.seconds.indexes) },
        msQuantile("/leaderboard week (top 10 + caller's rank), p50", weekTimes, 0.5, "<= 20"),
        msQuantile("/leaderboard week, p95", weekTimes, 0.95),
        msQuantile("/leaderboard all time (top 10 + caller's rank), p50", allTimes, 0.5, "<= 20"),
        msQuantile("/leaderboard all time, p95", allTimes, 0.95),
        msQuantile("record one answer with figures (recordAnswer + hook), p50", recordTimes, 0.5, "<= 5"),
        msQuantile("record one answer with figures, p95", recordTimes, 0.95),
        msQuantile("record one answer without the leaderboard hook, p50 (baseline)", plainTimes, 0.5),
        msQuantile(
          "week board top 10 + rank counts, server execution (EXPLAIN ANALYZE, timing off), p50",
          server.week,
          0.5,
        ),
        msQuantile(
          "all-time board top 10 + rank counts, server execution (EXPLAIN ANALYZE, timing off), p50",
          server.all,
          0.5,
        ),
        {
          figure: `figure rows differing from a full recount (all ${proven.length} groups: the guild, its ${seeded.channelGroupIds.length} channels, its named group of ${seeded.namedGroupMembers})`,
          unit: "rows",
          value: proof.differingRows,
          goal: "<= 0",
        },
        {
          figure: "guild's top 10 and sampled callers' ranks differing from the recount",
          unit: "boards",
          value: proof.differingBoards,
          goal: "<= 0",
        },
        {
          figure: `recount of those ${proven.length} groups and comparison`,
          unit: "s",
          value: round(proofSeconds),
        },
      ];
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

function memberId(member: number): string {
  return `member-${member}`;
}

async function countBoardMembers(
  url: string,
  groupId: number,
  week: string,
): Promise<{ all: number; week: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ period_key: string; n: number }[]>`
      select period_key, count(*)::int as n from score_aggregates
       where group_id = ${groupId} and period_key in ('all', ${week}) group by period_key`;
    const count = (key: string) => rows.find((row) => row.period_key === key)?.n ?? 0;
    return { all: count("all"), week: count(week) };
  } finally {
    await sql.end();
  }
}

/**
 * Opens one question in `place` and times each of `answerers` answering it through `rounds.recordAnswer`,
 * one after another.
 */
async function timeAnswers(
  rounds: RoundStorage,
  place: Place,
  answerers: readonly number[],
  now: Date,
  correct: () => boolean,
): Promise<number[]> {
  const created = await rounds.rounds.createRound({
    place,
    kind: "round",
    mode: "everyone",
    startedBy: null,
    packId: "bench",
    topic: null,
    secondsPerQuestion: 20,
    seed: 1,
    questions: [{ questionId: "bench-1", optionOrder: null }],
  });
  if (!created.ok) throw new Error(`bench round refused: ${created.error}`);
  const opened = await rounds.lifecycle.openQuestion(
    created.value.id,
    0,
    now,
    new Date(now.getTime() + 3_600_000),
  );
  if (!opened) throw new Error("bench question not opened");
  let next = 0;
  return timeEach(answerers.length, async () => {
    const member = answerers[next] ?? 1;
    next += 1;
    const right = correct();
    const recorded = await rounds.answers.recordAnswer({
      roundQuestionId: opened.question.id,
      // As the round engine does: it knows where its round runs, so the store need not look it up.
      place,
      roundKind: "round",
      user: { platform: place.platform, id: memberId(member), displayName: `Member ${member}` },
      questionId: "bench-1",
      response: { type: "choice", index: right ? 1 : 0 },
      correct: right,
      points: right ? 100 : 0,
      responseMs: 1500,
      answeredAt: new Date(now.getTime() + next),
    });
    if (!recorded.ok) throw new Error(`bench answer refused: ${recorded.error}`);
  });
}

/**
 * The board's queries as the server runs them, without client, driver and scheduling time: on a loaded
 * machine the wall-clock figures above mostly measure waiting for a core. Same SQL as the store's
 * points board: the top 10 by the documented order and the two counts ahead of a random caller.
 */
async function serverTimes(
  url: string,
  groupId: number,
  week: string,
): Promise<{ week: number[]; all: number[] }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const executionMs = async (query: string, parameters: (string | number)[]): Promise<number> => {
    const [row] = await sql.unsafe(`explain (analyze, timing off, format json) ${query}`, parameters);
    const plan = (row as { "QUERY PLAN": { "Execution Time": number }[] } | undefined)?.["QUERY PLAN"];
    return plan?.[0]?.["Execution Time"] ?? Number.NaN;
  };
  const accuracy = "(correct::float8 / answered)";
  const times = { week: [] as number[], all: [] as number[] };
  try {
    for (const [periodKey, sink] of [
      [week, times.week],
      ["all", times.all],
    ] as const) {
      // Callers drawn from the board's own members: drawn from all members, an hour into a week (a few
      // hundred on the week board) nearly every draw missed and the week gave no figure. The board holds at
      // least the answers timed above, which are this week's.
      const callers = await sql<
        { user_id: string; points: number; correct: number; answered: number; reached_at: Date }[]
      >`
        select user_id, points, correct, answered, reached_at from score_aggregates
         where group_id = ${groupId} and period_key = ${periodKey}
         order by random() limit 50`;
      for (const caller of callers) {
        const scope = "group_id = $1 and period_key = $2";
        const top = await executionMs(
          `select a.user_id, a.points from score_aggregates a join users u on u.id = a.user_id
             left join streaks s on s.group_id = a.group_id and s.user_id = a.user_id
            where a.group_id = $1 and a.period_key = $2
            order by a.points desc, (a.correct::float8 / a.answered) desc, a.reached_at, a.user_id limit 10`,
          [groupId, periodKey],
        );
        const better = await executionMs(
          `select count(*) from score_aggregates where ${scope} and points > $3`,
          [groupId, periodKey, caller.points],
        );
        const tied = await executionMs(
          `select count(*) from score_aggregates where ${scope} and points = $3 and (${accuracy} > $4::float8 / $5
             or (${accuracy} = $4::float8 / $5 and (reached_at < $6 or (reached_at = $6 and user_id < $7))))`,
          [
            groupId,
            periodKey,
            caller.points,
            caller.correct,
            caller.answered,
            caller.reached_at.toISOString(),
            caller.user_id,
          ],
        );
        sink.push(top + better + tied);
      }
    }
    return times;
  } finally {
    await sql.end();
  }
}

function shuffled(members: number): number[] {
  const order = Array.from({ length: members }, (_, i) => i + 1);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const now = benchNow(process.argv);
  const figures = await leaderboardBenchmark({ quick, ...(now ? { now } : {}) });
  console.table(figures);
}
