import { and, eq, gte, inArray, lte, ne, sql } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { GradeRequest, ReviewSession, ReviewSessionStore } from "../../domain/ports/review-store.js";
import { AGAIN } from "../../domain/reviews/grading.js";
import type { ReviewCard } from "../../domain/reviews/review-card.js";
import type { Db } from "../database.js";
import { reviewLogs, reviewSessions } from "../schema/index.js";
import { type GradedHook, gradeWithHooks } from "./graded-hooks.js";

type SessionRow = typeof reviewSessions.$inferSelect;

export class DrizzleReviewSessionStore implements ReviewSessionStore {
  constructor(
    private readonly db: Db,
    /** Run after a personal review graded not-Again, in its transaction (the leaderboard's streak credit). */
    private readonly onGraded: readonly GradedHook[] = [],
  ) {}

  async openSession(userId: number, platform: PlatformName): Promise<ReviewSession | undefined> {
    const [row] = await this.db
      .select()
      .from(reviewSessions)
      .where(
        and(
          eq(reviewSessions.userId, userId),
          eq(reviewSessions.platform, platform),
          inArray(reviewSessions.status, ["active", "paused"]),
        ),
      )
      .orderBy(sql`${reviewSessions.id} desc`)
      .limit(1);
    return row ? toSession(row) : undefined;
  }
  async createSession(
    userId: number,
    platform: PlatformName,
    queue: { readonly questionIds: readonly string[]; readonly dueCount: number },
    at: Date,
  ): Promise<ReviewSession> {
    const [row] = await this.db
      .insert(reviewSessions)
      .values({
        userId,
        platform,
        questionIds: [...queue.questionIds],
        dueCount: queue.dueCount,
        startedAt: at,
        updatedAt: at,
      })
      .returning();
    if (!row) throw new Error("insert returned no review session");
    return toSession(row);
  }
  async session(sessionId: number): Promise<ReviewSession | undefined> {
    const [row] = await this.db.select().from(reviewSessions).where(eq(reviewSessions.id, sessionId));
    return row ? toSession(row) : undefined;
  }
  async gradeInSession(
    request: GradeRequest,
    sessionId: number,
    from: number,
  ): Promise<{ card: ReviewCard; session: ReviewSession } | undefined> {
    return this.db.transaction(async (tx) => {
      // The conditional move is the lock: a second grading of the same position finds nothing to move.
      const [moved] = await tx
        .update(reviewSessions)
        .set({ position: from + 1, updatedAt: request.at, status: "active" })
        .where(
          and(
            eq(reviewSessions.id, sessionId),
            eq(reviewSessions.userId, request.userId),
            eq(reviewSessions.position, from),
            ne(reviewSessions.status, "finished"),
          ),
        )
        .returning();
      if (!moved) return undefined;
      const card = await gradeWithHooks(tx, request, this.onGraded);
      return { card, session: toSession(moved) };
    });
  }
  async advance(sessionId: number, from: number, at: Date): Promise<ReviewSession | undefined> {
    const [row] = await this.db
      .update(reviewSessions)
      .set({ position: from + 1, updatedAt: at, status: "active" })
      .where(and(eq(reviewSessions.id, sessionId), eq(reviewSessions.position, from)))
      .returning();
    return row ? toSession(row) : undefined;
  }
  async setStatus(sessionId: number, status: ReviewSession["status"], at: Date): Promise<void> {
    await this.db
      .update(reviewSessions)
      .set({ status, updatedAt: at })
      .where(eq(reviewSessions.id, sessionId));
  }
  async sessionTally(session: ReviewSession, until: Date): Promise<{ reviewed: number; again: number }> {
    if (session.questionIds.length === 0) return { reviewed: 0, again: 0 };
    const [row] = await this.db
      .select({
        reviewed: sql<number>`count(*)::int`,
        again: sql<number>`count(*) filter (where ${reviewLogs.rating} = ${AGAIN})::int`,
      })
      .from(reviewLogs)
      .where(
        and(
          eq(reviewLogs.userId, session.userId),
          eq(reviewLogs.source, "review"),
          inArray(reviewLogs.questionId, [...session.questionIds]),
          gte(reviewLogs.reviewedAt, session.startedAt),
          lte(reviewLogs.reviewedAt, until),
        ),
      );
    return { reviewed: row?.reviewed ?? 0, again: row?.again ?? 0 };
  }
}

function toSession(row: SessionRow): ReviewSession {
  return {
    id: row.id,
    userId: row.userId,
    status: row.status,
    questionIds: row.questionIds,
    dueCount: row.dueCount,
    position: row.position,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
  };
}
