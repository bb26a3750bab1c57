import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../src/storage/database.js";
import { recountedAggregates, recountedStreaks, selectRows } from "../../src/storage/leaderboards/recount.js";

const columns =
  "group_id::int as g, period_key, user_id::int as u, points, answered, correct, (extract(epoch from reached_at) * 1000)::float8 as reached";

/**
 * Asserts that every group's incremental leaderboard figures, and its period totals (the dashboard's
 * `group_period_figures`), equal a recount from the answers table: an answer counted twice, or counted
 * without being stored, shows up as a difference.
 */
export async function expectFiguresEqualRecount(db: Executor): Promise<void> {
  const groups = await selectRows<{ id: number }>(
    db,
    sql`select id::int as id from study_groups order by id`,
  );
  for (const group of groups) {
    const incremental = await selectRows(
      db,
      sql.raw(`select ${columns} from score_aggregates where group_id = ${group.id} order by 1, 2, 3`),
    );
    const recounted = await selectRows(
      db,
      sql`select ${sql.raw(columns)} from (${recountedAggregates(group.id)}) as figures order by 1, 2, 3`,
    );
    expect(incremental, `figures of group ${group.id}`).toEqual(recounted);
    const totals = await selectRows(
      db,
      sql.raw(`select ${totalColumns} from group_period_figures where group_id = ${group.id} order by 1`),
    );
    const recountedTotals = await selectRows(
      db,
      sql`select period_key, count(*)::int as members, sum(answered)::int as answered,
                 sum(correct)::int as correct, sum(points)::int as points
            from (${recountedAggregates(group.id)}) as figures group by period_key order by 1`,
    );
    expect(totals, `period totals of group ${group.id}`).toEqual(recountedTotals);
  }
}

const totalColumns =
  "period_key, members, answered::int as answered, correct::int as correct, points::int as points";

const streakColumns =
  "group_id::int as g, user_id::int as u, current, longest, to_char(last_day, 'YYYY-MM-DD') as day";

/**
 * Asserts that every group's streaks equal a recount of the days with a correct answer. Only for data
 * without reviews: a review's streak credit is not an answer, so the recount does not see it.
 */
export async function expectStreaksEqualRecount(db: Executor): Promise<void> {
  const groups = await selectRows<{ id: number }>(
    db,
    sql`select id::int as id from study_groups order by id`,
  );
  for (const group of groups) {
    const streaks = await selectRows(
      db,
      sql.raw(`select ${streakColumns} from streaks where group_id = ${group.id} order by 1, 2`),
    );
    const recounted = await selectRows(
      db,
      sql`select ${sql.raw(streakColumns)} from (${recountedStreaks(group.id)}) as figures order by 1, 2`,
    );
    expect(streaks, `streaks of group ${group.id}`).toEqual(recounted);
  }
}

/** Answers stored per member (display name), and in total. */
export async function storedAnswers(
  db: Executor,
): Promise<{ name: string; points: number; correct: boolean; roundQuestionId: number }[]> {
  return selectRows(
    db,
    sql`select u.display_name as name, a.points, a.correct, a.round_question_id::int as "roundQuestionId"
          from answers a join users u on u.id = a.user_id order by a.id`,
  );
}
