import { sql } from "drizzle-orm";
import type { DashboardScope, TagMastery } from "../../domain/ports/dashboard-store.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";

/** FSRS-6's default decay (ts-fsrs `FSRS6_DEFAULT_DECAY`), for members without fitted weights. */
const defaultDecay = 0.1542;

/**
 * The group's mastery per tag: over the review cards (seen at least once) of the members on the server's
 * all-time board, the mean FSRS-6 retrievability now, R = (1 + f t / S)^-d with f = 0.9^(-1/d) - 1, t the
 * days since the card's last review, S its stability and d the member's fitted decay (w[20]) or the default.
 */
export async function tagMastery(db: Db, scope: DashboardScope, now: Date): Promise<TagMastery[]> {
  const rows = rowsOf<{ tag: string; cards: number; members: number; recall: number }>(
    await db.execute(sql`
      with members as (
        select s.user_id from study_groups g
          join score_aggregates s on s.group_id = g.id and s.period_key = 'all'
         where g.platform = ${scope.platform} and g.workspace_id = ${scope.workspaceId}
           and g.kind = 'workspace' and g.scope_key = ''
      ), recall as (
        select c.user_id, c.question_id,
               power(1 + (power(0.9, -1 / d.decay) - 1)
                         * greatest(extract(epoch from ${now.toISOString()}::timestamptz - c.last_review) / 86400, 0)
                         / greatest(c.stability, 0.001),
                     -d.decay) as r
          from members m
          join review_cards c on c.user_id = m.user_id
          left join member_parameters p on p.user_id = c.user_id
         cross join lateral (select coalesce(p.weights[21], ${defaultDecay}::float8) as decay) d
         where c.state <> 0 and c.last_review is not null
      )
      select t.tag, count(*)::int as cards, count(distinct r.user_id)::int as members, avg(r.r)::float8 as recall
        from recall r join questions q on q.id = r.question_id
       cross join unnest(q.tags) as t(tag)
       group by t.tag
       order by recall asc, t.tag`),
  );
  return rows.map((row) => ({
    tag: row.tag,
    cards: Number(row.cards),
    members: Number(row.members),
    meanRecall: Number(row.recall),
  }));
}
