import { sql } from "drizzle-orm";
import type {
  ActiveMember,
  BoardWeek,
  DailyQuizFigures,
  DashboardScope,
  GroupFigures,
  WorkspaceOverview,
} from "../../domain/ports/dashboard-store.js";
import type { GroupKind } from "../../domain/ports/leaderboard-store.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import { recentWeekKeys, textArray } from "./week-keys.js";

/** Weeks of history on the server page's charts. */
export const weeksShown = 8;
const mostActiveShown = 15;
const dailyQuizzesShown = 14;

interface GroupRow {
  readonly id: string | number;
  readonly kind: GroupKind;
  readonly name: string;
  readonly scope_key: string;
  readonly time_zone: string;
}

/**
 * The server page: its groups with their weekly boards (from `score_aggregates`, one index range per
 * group and week), this week's busiest members (the front of the answered index) and the latest daily
 * quizzes (their answers through the one-answer-per-member index). No statement reads all answers.
 */
export async function workspaceOverview(
  db: Db,
  scope: DashboardScope,
  now: Date,
): Promise<WorkspaceOverview> {
  const groups = rowsOf<GroupRow>(
    await db.execute(sql`
      select id, kind, name, scope_key, time_zone from study_groups
       where platform = ${scope.platform} and workspace_id = ${scope.workspaceId} and removed_at is null
       order by case kind when 'workspace' then 0 when 'channel' then 1 else 2 end, name`),
  );
  const server = groups.find((group) => group.kind === "workspace");
  const week = recentWeekKeys(now, server?.time_zone ?? "UTC", 1)[0] ?? "";
  // Independent statements, so a pool's connections run them side by side.
  const [figures, busiest, daily] = await Promise.all([
    Promise.all(groups.map((group) => groupFigures(db, group, now))),
    server ? mostActive(db, Number(server.id), week) : Promise.resolve([]),
    dailyQuizzes(db, scope),
  ]);
  const serverFigures = figures[groups.findIndex((group) => group.kind === "workspace")];
  return {
    groups: figures,
    week,
    activeThisWeek: serverFigures?.weeks.at(-1)?.active ?? 0,
    mostActive: busiest,
    dailyQuizzes: daily,
  };
}

/**
 * A group's members and its last weeks. The whole server's weeks are summed in full (its chart shows
 * answers and correct answers per week); another group's earlier weeks only count members and answers,
 * which the answered index holds (an index-only scan, no table rows), and its current week is summed in full.
 */
async function groupFigures(db: Db, group: GroupRow, now: Date): Promise<GroupFigures> {
  const weeks = recentWeekKeys(now, group.time_zone, weeksShown);
  const groupId = Number(group.id);
  const full = group.kind === "workspace" ? weeks : weeks.slice(-1);
  const counted = weeks.filter((week) => !full.includes(week));
  const [summed, countedOnly, members] = await Promise.all([
    db.execute(sql`
      select period_key, count(*)::int as active, coalesce(sum(answered), 0)::int as answered,
             coalesce(sum(correct), 0)::int as correct, coalesce(sum(points), 0)::int as points
        from score_aggregates
       where group_id = ${groupId} and period_key = any(${textArray(full)}::text[])
       group by period_key`),
    counted.length === 0
      ? Promise.resolve([])
      : db.execute(sql`
          select period_key, count(*)::int as active, coalesce(sum(answered), 0)::int as answered,
                 0 as correct, 0 as points
            from score_aggregates
           where group_id = ${groupId} and period_key = any(${textArray(counted)}::text[])
           group by period_key`),
    db.execute(
      sql`select count(*)::int as n from score_aggregates where group_id = ${groupId} and period_key = 'all'`,
    ),
  ]);
  type WeekRow = { period_key: string; active: number; answered: number; correct: number; points: number };
  const rows = [...rowsOf<WeekRow>(summed), ...rowsOf<WeekRow>(countedOnly)];
  const [count] = rowsOf<{ n: number }>(members);
  const byWeek = new Map(rows.map((row) => [row.period_key, row]));
  return {
    kind: group.kind,
    name: group.kind === "channel" ? group.scope_key : group.name,
    members: Number(count?.n ?? 0),
    weeks: weeks.map((week): BoardWeek => {
      const row = byWeek.get(week);
      return {
        week,
        active: Number(row?.active ?? 0),
        answered: Number(row?.answered ?? 0),
        correct: Number(row?.correct ?? 0),
        points: Number(row?.points ?? 0),
      };
    }),
  };
}

async function mostActive(db: Db, groupId: number, week: string): Promise<ActiveMember[]> {
  const rows = rowsOf<{
    platform_user_id: string;
    display_name: string;
    answered: number;
    correct: number;
    points: number;
  }>(
    await db.execute(sql`
      select u.platform_user_id, u.display_name, s.answered, s.correct, s.points
        from score_aggregates s join users u on u.id = s.user_id
       where s.group_id = ${groupId} and s.period_key = ${week}
       order by s.answered desc
       limit ${mostActiveShown}`),
  );
  return rows.map((row) => ({
    memberId: row.platform_user_id,
    name: row.display_name,
    answered: Number(row.answered),
    correct: Number(row.correct),
    points: Number(row.points),
  }));
}

async function dailyQuizzes(db: Db, scope: DashboardScope): Promise<DailyQuizFigures[]> {
  const rows = rowsOf<{
    id: string | number;
    channel_id: string;
    created_at: string | Date;
    question_count: number;
    participants: number;
    answers: number;
    correct: number;
  }>(
    await db.execute(sql`
      select r.id, r.channel_id, coalesce(min(q.opened_at), r.created_at) as created_at, r.question_count,
             count(distinct a.user_id)::int as participants, count(a.id)::int as answers,
             (count(a.id) filter (where a.correct))::int as correct
        from (select id, channel_id, created_at, question_count from rounds
               where platform = ${scope.platform} and workspace_id = ${scope.workspaceId} and kind = 'daily'
               order by created_at desc limit ${dailyQuizzesShown}) r
        left join round_questions q on q.round_id = r.id
        left join answers a on a.round_question_id = q.id
       group by r.id, r.channel_id, r.created_at, r.question_count
       order by r.created_at desc, r.id desc`),
  );
  return rows.map((row) => ({
    roundId: Number(row.id),
    channelId: row.channel_id,
    postedAt: new Date(row.created_at),
    questions: Number(row.question_count),
    participants: Number(row.participants),
    answers: Number(row.answers),
    correct: Number(row.correct),
  }));
}
