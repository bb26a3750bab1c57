import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type {
  RoundQuestionRecord,
  RoundRecord,
  RoundRecoveryQueries,
} from "../../domain/ports/round-store.js";
import type { Db } from "../database.js";
import { roundQuestions, rounds } from "../schema/index.js";
import { toRoundQuestionRecord, toRoundRecord } from "./round-rows.js";

/** The sweep's queries for work a stopped process left, on PostgreSQL or PGlite. */
export class DrizzleRoundRecoveryQueries implements RoundRecoveryQueries {
  constructor(private readonly db: Db) {}

  async listOrphanedQuestions(olderThan: Date): Promise<RoundQuestionRecord[]> {
    const rows = await this.db
      .select({ question: roundQuestions })
      .from(roundQuestions)
      .innerJoin(rounds, eq(rounds.id, roundQuestions.roundId))
      .where(
        and(
          eq(rounds.status, "open"),
          isNull(roundQuestions.message),
          isNull(roundQuestions.closedAt),
          lte(roundQuestions.openedAt, olderThan),
        ),
      );
    return rows.map((row) => toRoundQuestionRecord(row.question));
  }

  async listStalledRounds(closedBefore: Date): Promise<RoundRecord[]> {
    const rows = await this.db
      .select({ round: rounds })
      .from(rounds)
      .innerJoin(
        roundQuestions,
        and(eq(roundQuestions.roundId, rounds.id), eq(roundQuestions.position, rounds.currentPosition)),
      )
      .where(and(eq(rounds.status, "open"), lte(roundQuestions.closedAt, closedBefore)));
    return Promise.all(rows.map((row) => toRoundRecord(this.db, row.round)));
  }

  async listUnsummarisedRounds(): Promise<RoundRecord[]> {
    const rows = await this.db
      .select()
      .from(rounds)
      .where(and(sql`${rounds.status} <> 'open'`, isNull(rounds.summaryMessage)));
    return Promise.all(rows.map((row) => toRoundRecord(this.db, row)));
  }

  async listExpiredQuestions(now: Date): Promise<RoundQuestionRecord[]> {
    const rows = await this.db
      .select({ question: roundQuestions })
      .from(roundQuestions)
      .innerJoin(rounds, eq(rounds.id, roundQuestions.roundId))
      .where(
        and(eq(rounds.status, "open"), isNull(roundQuestions.closedAt), lte(roundQuestions.closesAt, now)),
      );
    return rows.map((row) => toRoundQuestionRecord(row.question));
  }
}
