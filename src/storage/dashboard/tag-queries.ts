import { type SQL, sql } from "drizzle-orm";
import type { DashboardScope, TagMastery } from "../../domain/ports/dashboard-store.js";
import type { Db, Executor } from "../database.js";
import { rowsOf } from "../raw-sql.js";

/** FSRS-6's default decay (ts-fsrs `FSRS6_DEFAULT_DECAY`), for members without fitted weights. */
const defaultDecay = 0.1542;

type MasteryRow = { tag: string; cards: number; members: number; recall: number };

/**
 * The group's mastery per tag, from `dashboard_tag_recall` (see its schema): each bucket's cards recall
 * K (now - o)^-d summed at the bucket's K-weighted mean origin o, capped at one per card, over the
 * server's counted cards in the tag. A few hundred rows per tag, whatever the number of cards.
 */
export async function tagMastery(db: Db, scope: DashboardScope, now: Date): Promise<TagMastery[]> {
  const nowDays = now.getTime() / 86_400_000;
  const rows = rowsOf<MasteryRow>(
    await db.execute(sql`
      with server as (
        select id from study_groups
         where platform = ${scope.platform} and workspace_id = ${scope.workspaceId}
           and kind = 'workspace' and scope_key = ''
      ), recalled as (
        select r.tag,
               sum(least(r.cards::float8,
                         r.k_sum * power(greatest(${nowDays}::float8
                                                  - (r.origin_bucket * power(2::float8, r.stability_class - 1)
                                                     + r.k_offset_sum / nullif(r.k_sum, 0)), 1e-9),
                                         -r.decay_step / 5000.0::float8))) as recalled
          from dashboard_tag_recall r join server s on s.id = r.server_group_id
         where r.cards > 0
         group by r.tag
      )
      select t.tag, t.cards, t.members, coalesce(x.recalled, 0) / t.cards as recall
        from dashboard_tag_totals t
        join server s on s.id = t.server_group_id
        left join recalled x on x.tag = t.tag
       where t.cards > 0
       order by recall asc, t.tag`),
  );
  return rows.map(masteryOf);
}

function masteryOf(row: MasteryRow): TagMastery {
  return {
    tag: row.tag,
    cards: Number(row.cards),
    members: Number(row.members),
    meanRecall: Number(row.recall),
  };
}

/**
 * The same figures recounted from every review card of the server's members, card by card: over the
 * review cards (seen at least once) of the members on the server's all-time board, the mean FSRS-6
 * retrievability now, R = (1 + f t / S)^-d with f = 0.9^(-1/d) - 1, t the days since the card's last
 * review, S its stability and d the member's fitted decay (w[20]) or the default. The reference the
 * maintained figures are tested against; it reads every card, so never per request.
 */
export async function recountedTagMastery(
  db: Executor,
  scope: DashboardScope,
  now: Date,
): Promise<TagMastery[]> {
  const rows = rowsOf<MasteryRow>(
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
  return rows.map(masteryOf);
}

/** Every counted card, as `dashboard_cards_apply` (migration 0012) takes them. */
const everyCard: SQL = sql`
  select jsonb_agg(jsonb_build_object('s', 1, 'u', c.user_id, 'q', c.question_id, 'st', c.stability,
                                      'lr', extract(epoch from c.last_review) / 86400))
    from review_cards c where c.state <> 0 and c.last_review is not null`;

/**
 * Rebuilds the tags page's figures from every card, as migration 0012's backfill does: a repair, never
 * per request (the triggers keep them otherwise).
 */
export async function rebuildTagRecall(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from dashboard_tag_recall`);
    await tx.execute(sql`delete from dashboard_tag_members`);
    await tx.execute(sql`delete from dashboard_tag_totals`);
    await tx.execute(sql`select dashboard_cards_apply((${everyCard}))`);
  });
}
