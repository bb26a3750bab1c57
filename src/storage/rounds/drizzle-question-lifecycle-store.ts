import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { MessageRef } from "../../domain/ports/chat-platform.js";
import type { QuestionLifecycleStore, RoundQuestionRecord } from "../../domain/ports/round-store.js";
import type { Db } from "../database.js";
import { roundQuestions, rounds } from "../schema/index.js";
import { toRoundQuestionRecord } from "./round-rows.js";

/** The conditional updates that move a question and its round along, on PostgreSQL or PGlite. */
export class DrizzleQuestionLifecycleStore implements QuestionLifecycleStore {
  constructor(private readonly db: Db) {}

  async openQuestion(
    roundId: number,
    position: number,
    openedAt: Date,
    closesAt: Date,
  ): Promise<{ question: RoundQuestionRecord; opened: boolean } | undefined> {
    return this.db.transaction(async (tx) => {
      const opened = await tx
        .update(roundQuestions)
        .set({ openedAt, closesAt })
        .where(
          and(
            eq(roundQuestions.roundId, roundId),
            eq(roundQuestions.position, position),
            isNull(roundQuestions.openedAt),
          ),
        )
        .returning({ id: roundQuestions.id });
      await tx
        .update(rounds)
        .set({ currentPosition: position })
        .where(and(eq(rounds.id, roundId), sql`${rounds.currentPosition} < ${position}`));
      const [row] = await tx
        .select()
        .from(roundQuestions)
        .where(and(eq(roundQuestions.roundId, roundId), eq(roundQuestions.position, position)));
      return row ? { question: toRoundQuestionRecord(row), opened: opened.length === 1 } : undefined;
    });
  }

  async setQuestionMessage(roundQuestionId: number, message: MessageRef): Promise<void> {
    await this.db.update(roundQuestions).set({ message }).where(eq(roundQuestions.id, roundQuestionId));
  }

  async claimOrphanedQuestion(roundQuestionId: number, claimant: string, olderThan: Date): Promise<boolean> {
    const claimed = await this.db
      .update(roundQuestions)
      .set({ message: { claimedBy: claimant } })
      .where(
        and(
          eq(roundQuestions.id, roundQuestionId),
          isNull(roundQuestions.message),
          isNull(roundQuestions.closedAt),
          lte(roundQuestions.openedAt, olderThan),
        ),
      )
      .returning({ id: roundQuestions.id });
    return claimed.length === 1;
  }

  async releaseQuestionClaim(roundQuestionId: number, claimant: string): Promise<void> {
    await this.db
      .update(roundQuestions)
      .set({ message: null })
      .where(
        and(
          eq(roundQuestions.id, roundQuestionId),
          sql`${roundQuestions.message} = ${JSON.stringify({ claimedBy: claimant })}::jsonb`,
        ),
      );
  }

  async closeQuestion(roundQuestionId: number, closedAt: Date): Promise<boolean> {
    const closed = await this.db
      .update(roundQuestions)
      .set({ closedAt })
      .where(and(eq(roundQuestions.id, roundQuestionId), isNull(roundQuestions.closedAt)))
      .returning({ id: roundQuestions.id });
    return closed.length === 1;
  }

  async setUnansweredStreak(roundId: number, streak: number): Promise<void> {
    await this.db.update(rounds).set({ unansweredStreak: streak }).where(eq(rounds.id, roundId));
  }

  async finishRound(
    roundId: number,
    status: "finished" | "stopped",
    reason: string,
    now: Date,
  ): Promise<boolean> {
    const finished = await this.db
      .update(rounds)
      .set({ status, stopReason: reason, finishedAt: now })
      .where(and(eq(rounds.id, roundId), eq(rounds.status, "open")))
      .returning({ id: rounds.id });
    if (finished.length === 1) {
      // Questions never reached stay unopened; any open one is closed with the round.
      await this.db
        .update(roundQuestions)
        .set({ closedAt: now })
        .where(and(eq(roundQuestions.roundId, roundId), isNull(roundQuestions.closedAt)));
    }
    return finished.length === 1;
  }

  async claimSummary(roundId: number, claimant: string): Promise<boolean> {
    const claimed = await this.db
      .update(rounds)
      .set({ summaryMessage: { claimedBy: claimant } })
      .where(and(eq(rounds.id, roundId), isNull(rounds.summaryMessage), sql`${rounds.status} <> 'open'`))
      .returning({ id: rounds.id });
    return claimed.length === 1;
  }

  async setSummaryMessage(roundId: number, message: MessageRef): Promise<void> {
    await this.db.update(rounds).set({ summaryMessage: message }).where(eq(rounds.id, roundId));
  }
}
