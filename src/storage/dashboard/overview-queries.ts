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
 * The server page: its groups with their weekly boards (from `group_period_figures`, one row per group and
 * week, and the "all" row for the members), this week's busiest members (the front of the answered index)
 * and the latest daily quizzes (their answers through the one-answer-per-member index). No statement reads
 * all answers, nor every member's weeks.
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
    groupFigures(db, groups, now),
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

type PeriodRow = {
  group_id: string | number;
  period_key: string;
  members: number;
  answered: string | number;
  correct: string | number;
  points: string | number;
};

/**
 * Every group's members and last weeks in one statement: primary-key probes into `group_period_figures`
 * for each group's weeks (in its own time zone) and its all-time row.
 */
async function groupFigures(db: Db, groups: readonly GroupRow[], now: Date): Promise<GroupFigures[]> {
  if (groups.length === 0) return [];
  const weeksOf = new Map(groups.map((group) => [group, recentWeekKeys(now, group.time_zone, weeksShown)]));
  const keys = new Set(["all", ...[...weeksOf.values()].flat()]);
  const rows = rowsOf<PeriodRow>(
    await db.execute(sql`
      select group_id, period_key, members, answered, correct, points from group_period_figures
       where group_id = any(${textArray(groups.map((group) => String(group.id)))}::bigint[])
         and period_key = any(${textArray([...keys])}::text[])`),
  );
  const byKey = new Map(rows.map((row) => [`${Number(row.group_id)}\u0000${row.period_key}`, row]));
  return groups.map((group) => {
    const row = (period: string) => byKey.get(`${Number(group.id)}\u0000${period}`);
    return {
      kind: group.kind,
      name: group.kind === "channel" ? group.scope_key : group.name,
      members: Number(row("all")?.members ?? 0),
      weeks: (weeksOf.get(group) ?? []).map((week): BoardWeek => {
        const figures = row(week);
        return {
          week,
          active: Number(figures?.members ?? 0),
          answered: Number(figures?.answered ?? 0),
          correct: Number(figures?.correct ?? 0),
          points: Number(figures?.points ?? 0),
        };
      }),
    };
  });
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
