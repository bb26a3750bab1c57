import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { FitOwner, NewFit, ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ParameterFit, ParametersInUse } from "../../domain/reviews/fsrs-parameters.js";
import type { ReviewGrade } from "../../domain/reviews/grading.js";
import type { GradingRecord } from "../../domain/reviews/review-history.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import {
  groupMembers,
  memberParameters,
  parameterFits,
  reviewLogs,
  studyGroups,
  userSettings,
} from "../schema/index.js";

type FitRow = typeof parameterFits.$inferSelect;

/** Whose review logs an owner covers, as SQL over `review_logs l`. */
function logsOf(owner: FitOwner) {
  return owner.kind === "member"
    ? sql`l.user_id = ${owner.userId}`
    : sql`l.user_id in (select gm.user_id from ${groupMembers} gm where gm.group_id = ${owner.groupId})`;
}

export class DrizzleParameterStore implements ParameterStore {
  constructor(private readonly db: Db) {}

  async reviewCount(owner: FitOwner): Promise<number> {
    const result = await this.db.execute(
      sql`select count(*)::int as n from ${reviewLogs} l where ${logsOf(owner)}`,
    );
    return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
  }

  async gradings(owner: FitOwner): Promise<GradingRecord[]> {
    // Days are the member's local days: a review at 23:30 and one at 00:30 are a day apart for FSRS.
    const result = await this.db.execute(sql`
      select l.user_id || ':' || l.question_id as card_key, l.rating,
             to_char(l.reviewed_at at time zone coalesce(s.time_zone, 'UTC'), 'YYYY-MM-DD') as local_date,
             l.reviewed_at
        from ${reviewLogs} l
        left join ${userSettings} s on s.user_id = l.user_id
       where ${logsOf(owner)}
       order by l.reviewed_at, l.id`);
    return rowsOf<{ card_key: string; rating: number; local_date: string; reviewed_at: string | Date }>(
      result,
    ).map((row) => ({
      cardKey: row.card_key,
      rating: Number(row.rating) as ReviewGrade,
      localDate: row.local_date,
      at: new Date(row.reviewed_at),
    }));
  }

  async fitCandidates(memberMin: number, groupMin: number): Promise<FitOwner[]> {
    const members = rowsOf<{ user_id: number }>(
      await this.db.execute(sql`
        select l.user_id from ${reviewLogs} l group by l.user_id having count(*) >= ${memberMin}
         order by l.user_id`),
    );
    const groups = rowsOf<{ group_id: number }>(
      await this.db.execute(sql`
        select gm.group_id from ${groupMembers} gm
          join ${studyGroups} g on g.id = gm.group_id and g.removed_at is null
          join ${reviewLogs} l on l.user_id = gm.user_id
         group by gm.group_id having count(*) >= ${groupMin}
         order by gm.group_id`),
    );
    return [
      ...groups.map((row) => ({ kind: "group" as const, groupId: Number(row.group_id) })),
      ...members.map((row) => ({ kind: "member" as const, userId: Number(row.user_id) })),
    ];
  }

  async saveFit(owner: FitOwner, fit: NewFit): Promise<ParameterFit> {
    const values = {
      weights: [...fit.weights],
      fittedAt: fit.fittedAt,
      reviewCount: fit.reviewCount,
      logLoss: fit.fitted.logLoss,
      rmse: fit.fitted.rmse,
      defaultLogLoss: fit.defaults.logLoss,
      defaultRmse: fit.defaults.rmse,
      accepted: fit.accepted,
    };
    const [row] = await this.db
      .insert(parameterFits)
      .values(
        owner.kind === "member" ? { userId: owner.userId, ...values } : { groupId: owner.groupId, ...values },
      )
      .onConflictDoUpdate({
        target: owner.kind === "member" ? parameterFits.userId : parameterFits.groupId,
        set: values,
      })
      .returning();
    if (!row) throw new Error("saving a parameter fit returned no row");
    return toFit(row);
  }

  async latestFit(owner: FitOwner): Promise<ParameterFit | undefined> {
    const [row] = await this.db
      .select()
      .from(parameterFits)
      .where(
        owner.kind === "member"
          ? eq(parameterFits.userId, owner.userId)
          : eq(parameterFits.groupId, owner.groupId),
      );
    return row ? toFit(row) : undefined;
  }

  async groupFitsOf(userId: number): Promise<ParameterFit[]> {
    const rows = await this.db
      .select({ fit: parameterFits })
      .from(parameterFits)
      .innerJoin(groupMembers, eq(groupMembers.groupId, parameterFits.groupId))
      .innerJoin(studyGroups, eq(studyGroups.id, parameterFits.groupId))
      .where(and(eq(groupMembers.userId, userId), isNull(studyGroups.removedAt)))
      .orderBy(desc(parameterFits.reviewCount));
    return rows.map((row) => toFit(row.fit));
  }

  async membersOf(owner: FitOwner): Promise<number[]> {
    if (owner.kind === "member") return [owner.userId];
    const rows = await this.db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(eq(groupMembers.groupId, owner.groupId));
    return rows.map((row) => row.userId);
  }

  async inUse(userId: number): Promise<ParametersInUse> {
    const [row] = await this.db.select().from(memberParameters).where(eq(memberParameters.userId, userId));
    if (!row) return { source: "defaults" };
    return { source: row.source, fitId: row.fitId, weights: row.weights, fittedAt: row.fittedAt };
  }

  async setInUse(userId: number, parameters: ParametersInUse): Promise<void> {
    if (parameters.source === "defaults") {
      await this.db.delete(memberParameters).where(eq(memberParameters.userId, userId));
      return;
    }
    const values = {
      source: parameters.source,
      fitId: parameters.fitId,
      weights: [...parameters.weights],
      fittedAt: parameters.fittedAt,
    };
    await this.db
      .insert(memberParameters)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: memberParameters.userId, set: values });
  }
}

function toFit(row: FitRow): ParameterFit {
  return {
    id: row.id,
    weights: row.weights,
    fittedAt: row.fittedAt,
    reviewCount: row.reviewCount,
    fitted: { logLoss: row.logLoss, rmse: row.rmse },
    defaults: { logLoss: row.defaultLogLoss, rmse: row.defaultRmse },
    accepted: row.accepted,
  };
}
