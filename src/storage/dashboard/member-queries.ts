import { sql } from "drizzle-orm";
import type { DashboardScope, MemberFigures, TagFigures } from "../../domain/ports/dashboard-store.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import { weeksShown } from "./overview-queries.js";
import { recentWeekKeys, textArray } from "./week-keys.js";

const tagDays = 90;
const dueDays = 14;

/**
 * One member's page: weeks and streak on the server's board (primary-key probes), answers by tag over 90
 * days (their own answers by the member-and-time index) and the review cards due in the next 14 days.
 */
export async function memberFigures(
  db: Db,
  scope: DashboardScope,
  memberId: string,
  now: Date,
): Promise<MemberFigures | undefined> {
  const [member] = rowsOf<{ id: string | number; display_name: string }>(
    await db.execute(sql`
      select id, display_name from users where platform = ${scope.platform} and platform_user_id = ${memberId}`),
  );
  if (!member) return undefined;
  const userId = Number(member.id);
  const [server] = rowsOf<{ id: string | number; time_zone: string }>(
    await db.execute(sql`
      select id, time_zone from study_groups
       where platform = ${scope.platform} and workspace_id = ${scope.workspaceId} and kind = 'workspace' and scope_key = ''`),
  );
  const weeks = recentWeekKeys(now, server?.time_zone ?? "UTC", weeksShown);
  const groupId = server ? Number(server.id) : -1;
  const weekRows = rowsOf<{ period_key: string; answered: number; correct: number; points: number }>(
    await db.execute(sql`
      select period_key, answered, correct, points from score_aggregates
       where group_id = ${groupId} and period_key = any(${textArray(weeks)}::text[]) and user_id = ${userId}`),
  );
  const [streak] = rowsOf<{ current: number; longest: number }>(
    await db.execute(sql`
      select current, longest from streaks where group_id = ${groupId} and user_id = ${userId}`),
  );
  const byWeek = new Map(weekRows.map((row) => [row.period_key, row]));
  return {
    memberId,
    name: member.display_name,
    weeks: weeks.map((week) => {
      const row = byWeek.get(week);
      const answered = Number(row?.answered ?? 0);
      return {
        week,
        active: answered > 0 ? 1 : 0,
        answered,
        correct: Number(row?.correct ?? 0),
        points: Number(row?.points ?? 0),
      };
    }),
    streak: { current: Number(streak?.current ?? 0), longest: Number(streak?.longest ?? 0) },
    byTag: await answersByTag(db, scope, userId, now),
    due: await dueLoad(db, userId, now),
  };
}

async function answersByTag(db: Db, scope: DashboardScope, userId: number, now: Date): Promise<TagFigures[]> {
  const since = new Date(now.getTime() - tagDays * 86_400_000);
  const rows = rowsOf<{ tag: string; answered: number; correct: number }>(
    await db.execute(sql`
      select t.tag, count(*)::int as answered, (count(*) filter (where a.correct))::int as correct
        from answers a
        join round_questions rq on rq.id = a.round_question_id
        join rounds r on r.id = rq.round_id
        join questions q on q.id = a.question_id
       cross join unnest(q.tags) as t(tag)
       where a.user_id = ${userId} and a.answered_at >= ${since.toISOString()}::timestamptz
         and r.platform = ${scope.platform} and r.workspace_id = ${scope.workspaceId}
       group by t.tag
       order by answered desc, t.tag`),
  );
  return rows.map((row) => ({ tag: row.tag, answered: Number(row.answered), correct: Number(row.correct) }));
}

async function dueLoad(db: Db, userId: number, now: Date): Promise<{ day: string; cards: number }[]> {
  const end = new Date(now.getTime() + dueDays * 86_400_000);
  const rows = rowsOf<{ day: string; cards: number }>(
    await db.execute(sql`
      select to_char(greatest(due, ${now.toISOString()}::timestamptz) at time zone 'UTC', 'YYYY-MM-DD') as day,
             count(*)::int as cards
        from review_cards
       where user_id = ${userId} and due < ${end.toISOString()}::timestamptz
       group by 1`),
  );
  const counts = new Map(rows.map((row) => [row.day, Number(row.cards)]));
  return Array.from({ length: dueDays }, (_, offset) => {
    const day = new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    return { day, cards: counts.get(day) ?? 0 };
  });
}
