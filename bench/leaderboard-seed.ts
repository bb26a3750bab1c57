import { performance } from "node:perf_hooks";
import postgres from "postgres";
import type { Place } from "../src/domain/ports/chat-platform.js";
import { openPostgres } from "../src/storage/database.js";
import { rebuildGroupFigures } from "../src/storage/leaderboards/recount.js";
import { withBulkLoadSettings, withoutIndexes } from "./bulk-load.js";
import type { ScratchDatabase } from "./fresh-database.js";

/** The server the leaderboard benchmark seeds: one Discord guild, its channels and one named group. */
export const workspace = {
  platform: "discord",
  workspaceId: "bench-guild",
  timeZone: "Europe/Berlin",
} as const;

/**
 * The guild's quiz channels: the share of members who play mostly there, and the channel's time zone
 * (one channel counts its weeks and days in New York time, as a channel may configure).
 */
const channels = [
  { channelId: "bench-channel", share: 0.5, timeZone: "Europe/Berlin" },
  { channelId: "bench-channel-2", share: 0.25, timeZone: "Europe/Berlin" },
  { channelId: "bench-channel-3", share: 0.15, timeZone: "America/New_York" },
  { channelId: "bench-channel-4", share: 0.1, timeZone: "Europe/Berlin" },
] as const;

/** The channel the benchmark records its answers in: the busiest one. */
export const benchPlace: Place = { ...workspace, channelId: channels[0].channelId };

/** Every how many members one joins the named study group "Night owls". */
const namedGroupEvery = 20;
const questionsPerRound = 8;
const secondsPerQuestion = 20;
const spanDays = 120;

export interface LeaderboardSeedSize {
  readonly members: number;
  readonly answers: number;
  /** Rounds played in each channel over the span; a power of two (see the round choice below). */
  readonly roundsPerChannel: number;
}

export interface SeededLeaderboards {
  readonly workspaceGroupId: number;
  readonly namedGroupId: number;
  readonly channelGroupIds: readonly number[];
  readonly namedGroupMembers: number;
  readonly groups: number;
  /** Wall-clock seconds of the phases: answers, figures (all groups), indexes and vacuum. */
  readonly seconds: { readonly answers: number; readonly figures: number; readonly indexes: number };
}

/**
 * Seeds a guild that has played for four months, all in set-based SQL inside Postgres:
 *
 * - Activity is skewed as in a real community: answers per member follow a log-normal law (median about a
 *   third of the mean, the busiest member a few hundred times the median), scaled so the total is exactly
 *   `answers`, every member with at least one.
 * - Members play whole rounds (8 questions, a new round every ~40 minutes in each of four channels), 80% of
 *   them in a home channel (half the members call the first channel home) and 20% in one other, at rounds
 *   spread evenly over the 120 days; each has a skill (share of correct answers, 35% to 85%) and answers
 *   within the 20 seconds, scored by the real rule (100 + a speed bonus of up to 50).
 * - Groups: the guild, each channel, and a named group of every 20th member. Each group's figures are
 *   built by `rebuildGroupFigures`, the set-based recount the tests hold the answer hook to.
 *
 * A member's rounds in a channel are `start + i * step (mod roundsPerChannel)` with an odd step and a
 * power-of-two round count: all different, so the one-answer-per-member index holds by construction.
 * The answers, figures and streaks are loaded without indexes or foreign-key checks (see `bulk-load.ts`),
 * two statements at a time, as a bulk load on two cores would be; then everything is indexed, vacuumed
 * and analyzed as autovacuum would soon do, and the bulk-load settings are reset.
 */
export async function seedLeaderboards(
  scratch: ScratchDatabase,
  size: LeaderboardSeedSize,
  now: Date,
): Promise<SeededLeaderboards> {
  return withBulkLoadSettings(scratch, async () => {
    const lanes = [0, 1].map(() => postgres(scratch.url, { max: 1, onnotice: () => {} }));
    const [sql, other] = lanes as [postgres.Sql, postgres.Sql];
    try {
      await sql`select setseed(0.42)`;
      await other`select setseed(0.17)`;
      const groups = await seedStructure(sql, size, now);
      const seconds = { answers: 0, figures: 0, indexes: 0 };
      let phase = performance.now();
      const lap = () => {
        const elapsed = (performance.now() - phase) / 1000;
        phase = performance.now();
        return elapsed;
      };
      await withoutIndexes(sql, ["answers", "score_aggregates", "streaks"], async () => {
        await Promise.all(lanes.map((lane, parity) => insertAnswers(lane, size, parity)));
        await sql`analyze answers`;
        seconds.answers = lap();
        const database = await openPostgres({ url: scratch.url, poolSize: 2 });
        try {
          // Largest first, two at a time: the guild's pass over every answer overlaps the channels'.
          const queue = [groups.workspace, ...groups.channels, groups.named];
          const worker = async () => {
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
              await rebuildGroupFigures(database.db, id);
            }
          };
          await Promise.all([worker(), worker()]);
        } finally {
          await database.close();
        }
        seconds.figures = lap();
      });
      await sql`drop table bench_members`;
      // As autovacuum would soon: planner statistics, and visibility maps for the boards' index-only
      // counts. The answers were analyzed after their load; no measured path scans them, and vacuuming
      // 10M rows would add a pass over the table.
      await sql`vacuum analyze score_aggregates, streaks, users, study_groups, group_members, rounds, round_questions`;
      seconds.indexes = lap();
      const [named] = await sql<{ n: number }[]>`select count(*)::int as n from group_members`;
      return {
        workspaceGroupId: groups.workspace,
        namedGroupId: groups.named,
        channelGroupIds: groups.channels,
        namedGroupMembers: named?.n ?? 0,
        groups: 2 + groups.channels.length,
        seconds,
      };
    } finally {
      await Promise.all(lanes.map((lane) => lane.end()));
    }
  });
}

/** Pack, members, channels, groups, rounds and their questions; returns the group ids. */
async function seedStructure(
  sql: postgres.Sql,
  size: LeaderboardSeedSize,
  now: Date,
): Promise<{ workspace: number; channels: number[]; named: number }> {
  const { members, answers, roundsPerChannel } = size;
  await sql`insert into packs (id, title, description, language, version, author, seconds_per_question)
            values ('bench', 'Bench', 'Benchmark pack', 'en', '1.0.0', 'bench', ${secondsPerQuestion}::int)`;
  await sql`insert into questions (id, pack_id, kind, tags, difficulty, content, content_hash)
            select 'bench-' || g, 'bench', 'choice', array['bench'], 1,
                   jsonb_build_object('id', 'bench-' || g, 'kind', 'choice', 'prompt', 'Question ' || g,
                                      'options', jsonb_build_array('a', 'b'), 'correct', 1),
                   md5(g::text)
              from generate_series(1, 200) g`;
  // A fresh database: identity ids run 1..members, which the answers below rely on.
  await sql`insert into users (platform, platform_user_id, display_name)
            select ${workspace.platform}, 'member-' || g, 'Member ' || g from generate_series(1, ${members}::int) g`;
  await sql`insert into channel_settings (platform, workspace_id, channel_id, time_zone)
            select ${workspace.platform}, ${workspace.workspaceId}, c.channel_id, c.time_zone
              from jsonb_to_recordset(${sql.json(channels.map((c) => ({ channel_id: c.channelId, time_zone: c.timeZone })))})
                   as c(channel_id text, time_zone text)`;
  const channelGroups = await sql<{ id: string }[]>`
    insert into study_groups (platform, workspace_id, kind, scope_key, name, time_zone)
    select platform, workspace_id, 'channel', channel_id, channel_id, time_zone from channel_settings
     order by channel_id
    returning id`;
  const [guild] = await sql<{ id: string }[]>`
    insert into study_groups (platform, workspace_id, kind, scope_key, name, time_zone)
    values (${workspace.platform}, ${workspace.workspaceId}, 'workspace', '', '', ${workspace.timeZone})
    returning id`;
  const [named] = await sql<{ id: string }[]>`
    insert into study_groups (platform, workspace_id, kind, scope_key, name, time_zone)
    values (${workspace.platform}, ${workspace.workspaceId}, 'named', 'night owls', 'Night owls', ${workspace.timeZone})
    returning id`;
  if (!guild || !named) throw new Error("bench groups not created");
  await sql`insert into group_members (group_id, user_id)
            select ${named.id}, u from generate_series(${namedGroupEvery}::int, ${members}::int, ${namedGroupEvery}::int) u`;

  // Channel c's round k has id c * roundsPerChannel + k + 1, its question at position p id (round - 1) * 8 + p + 1.
  await sql`
    insert into rounds (id, platform, workspace_id, channel_id, kind, status, mode, pack_id, question_count,
                        seconds_per_question, seed, current_position, created_at, finished_at)
    overriding system value
    select (c.ordinality - 1) * ${roundsPerChannel}::int + k + 1,
           ${workspace.platform}, ${workspace.workspaceId}, c.channel_id, 'round', 'finished', 'everyone', 'bench',
           ${questionsPerRound}::int, ${secondsPerQuestion}::int, k, ${questionsPerRound - 1}::int, at.t, at.t + interval '5 minutes'
      from unnest(${channels.map((c) => c.channelId)}::text[]) with ordinality as c(channel_id, ordinality)
     cross join generate_series(0, ${roundsPerChannel - 1}::int) k
     cross join lateral (select ${now.toISOString()}::timestamptz - interval '1 hour' - ${spanDays}::int * interval '1 day'
                                + (k + random() * 0.9) * ${spanDays}::int * interval '1 day' / ${roundsPerChannel}::int as t,
                                k as keep) at`;
  await sql`select setval('rounds_id_seq', (select max(id) from rounds))`;
  await sql`
    insert into round_questions (id, round_id, position, question_id, opened_at, closes_at, closed_at, revealed)
    overriding system value
    select (r.id - 1) * ${questionsPerRound}::int + p + 1, r.id, p, 'bench-' || ((r.id * 7 + p) % 200 + 1),
           r.created_at + p * interval '30 seconds',
           r.created_at + p * interval '30 seconds' + ${secondsPerQuestion}::int * interval '1 second',
           r.created_at + p * interval '30 seconds' + ${secondsPerQuestion}::int * interval '1 second', true
      from rounds r cross join generate_series(0, ${questionsPerRound - 1}::int) p`;
  await sql`select setval('round_questions_id_seq', (select max(id) from round_questions))`;

  // Per member: answers (log-normal weight, cumulative shares so the total is exact), skill, home channel
  // by the channels' shares, a second channel, and where in each channel's rounds the member's run starts.
  const shares = channels.map((_, i) => channels.slice(0, i + 1).reduce((sum, c) => sum + c.share, 0));
  await sql`
    create unlogged table bench_members as
    with drawn as (
      select u, exp(1.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) as weight,
             0.35 + 0.5 * random() as skill, random() as place, random() as s1, random() as s2, random() as st
        from generate_series(1, ${members}::int) u
    ), spread as (
      select *, case when u = ${members}::int then ${answers - members}::bigint
                     else floor(${answers - members}::float8 * sum(weight) over (order by u)
                                / sum(weight) over ())::bigint end as upto
        from drawn
    ), counted as (
      select *, 1 + upto - coalesce(lag(upto) over (order by u), 0) as n,
             (select count(*) from unnest(${shares}::float8[]) s where s <= place)::int as home
        from spread
    )
    select u, skill, n, n - n / 5 as home_n, home,
           (home + 1 + u % ${channels.length - 1}::int) % ${channels.length}::int as away,
           floor(s1 * ${roundsPerChannel}::int)::bigint as home_start, floor(s2 * ${roundsPerChannel}::int)::bigint as away_start,
           2 * floor(st * ${roundsPerChannel}::int / 2)::bigint + 1 as step
      from counted`;
  const [check] = await sql<{ total: string; rounds: number }[]>`
    select sum(n)::text as total, max(ceil(home_n / ${questionsPerRound}::float8))::int as rounds from bench_members`;
  if (Number(check?.total) !== answers || (check?.rounds ?? 0) > roundsPerChannel) {
    throw new Error(`bench members do not fit: ${JSON.stringify(check)}`);
  }
  return {
    workspace: Number(guild.id),
    channels: channelGroups.map((group) => Number(group.id)),
    named: Number(named.id),
  };
}

/**
 * The answers of every other member (`parity`), so two connections load at once. A member's i-th answer
 * in a channel is position i % 8 of the channel's round (start + (i / 8) * step) mod roundsPerChannel.
 */
async function insertAnswers(sql: postgres.Sql, size: LeaderboardSeedSize, parity: number): Promise<void> {
  const perChannel = size.roundsPerChannel;
  await sql`
    insert into answers (round_question_id, user_id, question_id, response, correct, points, response_ms, answered_at)
    select q.id, m.u, q.question_id,
           case when r.correct then '{"type":"choice","index":1}'::jsonb else '{"type":"choice","index":0}'::jsonb end,
           r.correct, case when r.correct then 100 + round(50 * (1 - r.ms / ${secondsPerQuestion * 1000}::float8))::int else 0 end,
           r.ms, q.opened_at + r.ms * interval '1 millisecond'
      from bench_members m
     cross join lateral generate_series(0, m.n - 1) j
     cross join lateral (
       select case when j < m.home_n then m.home else m.away end as channel,
              case when j < m.home_n then j else j - m.home_n end as i,
              case when j < m.home_n then m.home_start else m.away_start end as start
     ) pick
      join round_questions q
        on q.id = ((pick.channel * ${perChannel}::int + (pick.start + (pick.i / ${questionsPerRound}::int) * m.step) % ${perChannel}::int)
                   * ${questionsPerRound}::int) + pick.i % ${questionsPerRound}::int + 1
     cross join lateral (
       select random() < m.skill as correct, (800 + random() * ${secondsPerQuestion * 1000 - 800}::int + j * 0)::int as ms
     ) r
     where m.u % 2 = ${parity}::int`;
}
