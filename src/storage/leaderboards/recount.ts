import { type SQL, sql } from "drizzle-orm";
import type { Db, Executor } from "../database.js";

/**
 * A group's figures recounted from the answers table in one set-based pass: the reference the incremental
 * figures are tested against, and the way to build them in bulk (the benchmark's seed, a repair). It
 * restates the rules in SQL on purpose, independently of the answer hook: periods by Postgres's own
 * ISO-week formatting, streaks as runs of consecutive days ("gaps and islands") walked in order for freezes.
 * Streak credits from reviews are not answers, so a rebuild counts answers only.
 */
function dailyFigures(groupId: number): SQL {
  return sql`
    select a.user_id,
           (a.answered_at at time zone g.time_zone)::date as day,
           sum(a.points)::int as points,
           count(*)::int as answered,
           (count(*) filter (where a.correct))::int as correct,
           max(a.answered_at) filter (where a.points <> 0) as last_scored,
           min(a.answered_at) as first_answer
    from study_groups g
    join rounds r on r.platform = g.platform and r.workspace_id = g.workspace_id
      and (g.kind <> 'channel' or r.channel_id = g.scope_key)
    join round_questions q on q.round_id = r.id
    join answers a on a.round_question_id = q.id
    where g.id = ${groupId}
      and (g.kind <> 'named'
        or exists (select 1 from group_members m where m.group_id = g.id and m.user_id = a.user_id))
    group by a.user_id, day`;
}

// Both recounts read the per-day figures under this name: a CTE for a one-off query, a temporary table
// when a rebuild needs them twice (one pass over the answers instead of two).
const daily = sql.raw("leaderboard_daily");

function aggregatesFromDaily(groupId: number): SQL {
  return sql`
    select ${groupId}::bigint as group_id, p.period_key, d.user_id,
           sum(d.points)::int as points, sum(d.answered)::int as answered, sum(d.correct)::int as correct,
           coalesce(max(d.last_scored), min(d.first_answer)) as reached_at
    from ${daily} d
    cross join lateral (values ('all'), (to_char(d.day, 'IYYY-"W"IW')), (to_char(d.day, 'YYYY-MM'))) as p(period_key)
    group by p.period_key, d.user_id`;
}

function streaksFromDaily(groupId: number): SQL {
  // Runs of consecutive days ("gaps and islands": consecutive days share `day - row_number()`), then a walk
  // over each member's runs in day order, since freezes carry from run to run: a gap of no more days than
  // the freezes held joins two runs (each missed day spends one and counts in the streak), a longer gap
  // ends the streak and spends them all; one is earned per multiple of 7 the streak passes, at most 2,
  // none in a group with freezes off. The walk steps once per run, not per day.
  return sql`
    select * from (
    with recursive runs as (
      select user_id, min(day) as first_day, max(day) as last_day, count(*)::int as length,
             row_number() over (partition by user_id order by min(day))::int as n
      from (
        select user_id, day, day - (row_number() over (partition by user_id order by day))::int as island
        from ${daily} where correct > 0
      ) as islands
      group by user_id, island
    ), cap as (
      select case when g.streak_freezes then 2 else 0 end as cap from study_groups g where g.id = ${groupId}
    ), walk as (
      select r.user_id, r.n, r.last_day, r.length as current, r.length as longest,
             least(c.cap, r.length / 7) as freezes, 0 as previous_length, null::date as previous_last_day, c.cap
        from runs r cross join cap c
       where r.n = 1
      union all
      select r.user_id, r.n, r.last_day, s.current, greatest(w.longest, s.current),
             case when s.joined then least(w.cap, least(w.freezes, w.cap) - s.gap + s.current / 7 - w.current / 7)
                  else least(w.cap, r.length / 7) end,
             case when s.joined then w.previous_length else w.current end,
             case when s.joined then w.previous_last_day else w.last_day end,
             w.cap
        from walk w
        join runs r on r.user_id = w.user_id and r.n = w.n + 1
       cross join lateral (
         select r.first_day - w.last_day - 1 as gap,
                r.first_day - w.last_day - 1 <= least(w.freezes, w.cap) as joined,
                case when r.first_day - w.last_day - 1 <= least(w.freezes, w.cap)
                     then w.current + (r.first_day - w.last_day - 1) + r.length else r.length end as current
       ) as s
    )
    select distinct on (user_id)
           ${groupId}::bigint as group_id, user_id, current, longest, last_day, previous_length,
           previous_last_day, freezes
      from walk
     order by user_id, n desc
    ) as recounted_streaks`;
}

/** Rows shaped like `score_aggregates` (same column order), recounted from the answers. */
export function recountedAggregates(groupId: number): SQL {
  return sql`with ${daily} as (${dailyFigures(groupId)}) ${aggregatesFromDaily(groupId)}`;
}

/** Rows shaped like `streaks` (same column order), recounted from the days with a correct answer. */
export function recountedStreaks(groupId: number): SQL {
  return sql`with ${daily} as (${dailyFigures(groupId)}) ${streaksFromDaily(groupId)}`;
}

/**
 * A group's period totals (`group_period_figures`) summed from its `score_aggregates` rows: how migration
 * 0012 fills them, and how a rebuild refreshes them after recounting the rows.
 */
export function summedPeriodFigures(groupId?: number): SQL {
  const one = groupId === undefined ? sql`` : sql`where group_id = ${groupId}`;
  return sql`
    select group_id, period_key, count(*)::int, sum(answered), sum(correct), sum(points)
      from score_aggregates ${one}
     group by group_id, period_key`;
}

/** Replaces a group's figures (and its period totals) with a recount from the answers, in one transaction. */
export async function rebuildGroupFigures(db: Db, groupId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table ${daily} on commit drop as ${dailyFigures(groupId)}`);
    await tx.execute(sql`delete from score_aggregates where group_id = ${groupId}`);
    await tx.execute(sql`delete from streaks where group_id = ${groupId}`);
    await tx.execute(sql`delete from group_period_figures where group_id = ${groupId}`);
    await tx.execute(
      sql`insert into score_aggregates (group_id, period_key, user_id, points, answered, correct, reached_at) ${aggregatesFromDaily(groupId)}`,
    );
    await tx.execute(
      sql`insert into streaks (group_id, user_id, current, longest, last_day, previous_length, previous_last_day, freezes) ${streaksFromDaily(groupId)}`,
    );
    await tx.execute(
      sql`insert into group_period_figures (group_id, period_key, members, answered, correct, points) ${summedPeriodFigures(groupId)}`,
    );
  });
}

/** Rows of a raw query, whichever driver (postgres-js returns an array, PGlite an object with `rows`). */
export async function selectRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
