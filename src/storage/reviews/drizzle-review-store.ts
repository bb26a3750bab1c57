import { and, asc, count, eq, gte, inArray, isNull, lte, ne, notExists, sql } from "drizzle-orm";
import type { ChatUser, PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  GradeRequest,
  ReminderMember,
  ReviewQuestion,
  ReviewSession,
  ReviewStore,
  StatsFacts,
} from "../../domain/ports/review-store.js";
import type { Question } from "../../domain/questions/question.js";
import { AGAIN } from "../../domain/reviews/grading.js";
import type { ReviewCard } from "../../domain/reviews/review-card.js";
import type { DueCard } from "../../domain/reviews/review-queue.js";
import { defaultReviewSettings, type ReviewSettings } from "../../domain/reviews/review-settings.js";
import type { Db, Tx } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import { ensureUser } from "../repositories/users.js";
import {
  answers,
  packs,
  questions,
  reviewCards,
  reviewLogs,
  reviewSessions,
  userSettings,
  users,
} from "../schema/index.js";
import { gradeInTransaction, toReviewCard } from "./card-rows.js";
import type { GradedHook } from "./graded-hooks.js";

/**
 * A card counts (due, forecast, next due) only while its question is in a pack. The card of a question
 * taken out of its pack keeps its schedule, for when the question comes back. Retired questions are few,
 * so this is a probe of the questions' primary key per card the (user, due) index range yields.
 */
const questionInPack = sql`not exists (select 1 from ${questions} where ${questions.id} = ${reviewCards.questionId} and ${questions.retiredAt} is not null)`;

type SessionRow = typeof reviewSessions.$inferSelect;
type SettingsRow = typeof userSettings.$inferSelect;

export class DrizzleReviewStore implements ReviewStore {
  constructor(
    private readonly db: Db,
    /** Run after a personal review graded not-Again, in its transaction (the leaderboard's streak credit). */
    private readonly onGraded: readonly GradedHook[] = [],
  ) {}

  userIdOf(user: Pick<ChatUser, "platform" | "id" | "displayName">): Promise<number> {
    return ensureUser(this.db, user);
  }

  async settings(userId: number): Promise<ReviewSettings> {
    const [row] = await this.db.select().from(userSettings).where(eq(userSettings.userId, userId));
    return row ? toSettings(row) : defaultReviewSettings;
  }

  async saveSettings(userId: number, settings: ReviewSettings): Promise<void> {
    const values = {
      desiredRetention: settings.desiredRetention,
      newCardsPerDay: settings.newCardsPerDay,
      timeZone: settings.timeZone,
      reminderTime: settings.reminderTime,
      remindersEnabled: settings.remindersEnabled,
    };
    await this.db
      .insert(userSettings)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: userSettings.userId, set: { ...values, updatedAt: sql`now()` } });
  }

  async dueCards(userId: number, now: Date, limit: number): Promise<DueCard[]> {
    // Served by the (user_id, due) index: an index range scan in due order, no sort.
    return this.db
      .select({ questionId: reviewCards.questionId, due: reviewCards.due })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, now), questionInPack))
      .orderBy(asc(reviewCards.due))
      .limit(limit);
  }

  async countDue(userId: number, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, now), questionInPack));
    return row?.value ?? 0;
  }

  async unseenQuestions(userId: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: questions.id })
      .from(questions)
      .innerJoin(packs, eq(packs.id, questions.packId))
      .where(
        and(
          isNull(questions.retiredAt),
          ne(questions.kind, "challenge"),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(reviewCards)
              .where(and(eq(reviewCards.userId, userId), eq(reviewCards.questionId, questions.id))),
          ),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(answers)
              .where(and(eq(answers.userId, userId), eq(answers.questionId, questions.id))),
          ),
        ),
      )
      // Easier questions first, then pack order by id: a gentle, stable introduction.
      .orderBy(asc(questions.difficulty), asc(questions.packId), asc(questions.id))
      .limit(limit);
    return rows.map((row) => row.id);
  }

  async introducedSince(userId: number, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(reviewLogs)
      .where(
        and(
          eq(reviewLogs.userId, userId),
          eq(reviewLogs.source, "review"),
          eq(reviewLogs.state, 0),
          gte(reviewLogs.reviewedAt, since),
        ),
      );
    return row?.value ?? 0;
  }

  async card(userId: number, questionId: string): Promise<ReviewCard | undefined> {
    const [row] = await this.db
      .select()
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), eq(reviewCards.questionId, questionId)));
    return row ? toReviewCard(row) : undefined;
  }

  async cards(userId: number): Promise<ReviewCard[]> {
    const rows = await this.db
      .select()
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), questionInPack));
    return rows.map(toReviewCard);
  }

  async question(questionId: string): Promise<ReviewQuestion | undefined> {
    const [row] = await this.db
      .select({ content: questions.content, packSeconds: packs.secondsPerQuestion })
      .from(questions)
      .innerJoin(packs, eq(packs.id, questions.packId))
      .where(and(eq(questions.id, questionId), isNull(questions.retiredAt)));
    if (!row) return undefined;
    const question = row.content as Question;
    return { question, seconds: question.seconds ?? row.packSeconds };
  }

  async grade(request: GradeRequest): Promise<ReviewCard> {
    return this.db.transaction((tx) => this.gradeWithHooks(tx, request));
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
      const card = await this.gradeWithHooks(tx, request);
      return { card, session: toSession(moved) };
    });
  }

  private async gradeWithHooks(tx: Tx, request: GradeRequest): Promise<ReviewCard> {
    const card = await gradeInTransaction(tx, request);
    if (request.grade !== AGAIN) {
      for (const hook of this.onGraded) {
        await hook(tx, {
          userId: request.userId,
          platform: request.platform,
          workspaceId: request.workspaceId,
          at: request.at,
        });
      }
    }
    return card;
  }

  async nextDue(userId: number): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ due: reviewCards.due })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), questionInPack))
      .orderBy(asc(reviewCards.due))
      .limit(1);
    return row?.due;
  }

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

  async reminderMembers(): Promise<ReminderMember[]> {
    const rows = await this.db
      .select({ settings: userSettings, platform: users.platform, platformUserId: users.platformUserId })
      .from(userSettings)
      .innerJoin(users, eq(users.id, userSettings.userId))
      .where(eq(userSettings.remindersEnabled, true));
    return rows.map((row) => ({
      userId: row.settings.userId,
      platform: row.platform as PlatformName,
      platformUserId: row.platformUserId,
      settings: toSettings(row.settings),
    }));
  }

  async stats(
    userId: number,
    timeZone: string,
    now: Date,
    forecastEnd: Date,
    recentSince: Date,
  ): Promise<StatsFacts> {
    const localDay = (column: unknown) =>
      sql<string>`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD')`;
    const dueByDay = await this.db
      .select({ date: localDay(reviewCards.due), count: sql<number>`count(*)::int` })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, forecastEnd), questionInPack))
      .groupBy(sql`1`);
    // Instants inside raw SQL go as ISO text: postgres-js does not serialise a Date in an untyped parameter.
    const since = sql`${recentSince.toISOString()}::timestamptz`;
    const [totals] = await this.db
      .select({
        done: sql<number>`count(*)::int`,
        recent: sql<number>`count(*) filter (where ${reviewLogs.reviewedAt} >= ${since})::int`,
        recentAgain: sql<number>`count(*) filter (where ${reviewLogs.reviewedAt} >= ${since} and ${reviewLogs.rating} = ${AGAIN})::int`,
      })
      .from(reviewLogs)
      .where(and(eq(reviewLogs.userId, userId), lte(reviewLogs.reviewedAt, now)));
    const days = await this.db.execute<{ day: string }>(sql`
      select to_char(${reviewLogs.reviewedAt} at time zone ${timeZone}, 'YYYY-MM-DD') as day
        from ${reviewLogs} where ${reviewLogs.userId} = ${userId}
      union
      select to_char(${answers.answeredAt} at time zone ${timeZone}, 'YYYY-MM-DD') as day
        from ${answers} where ${answers.userId} = ${userId}`);
    const tags = await this.db.execute<{ tag: string; total: number; right: number }>(sql`
      select tag, count(*)::int as total, count(*) filter (where l.rating <> ${AGAIN})::int as "right"
        from ${reviewLogs} l
        join ${questions} q on q.id = l.question_id
        cross join lateral unnest(q.tags) as tag
       where l.user_id = ${userId}
       group by tag`);
    return {
      dueByDay,
      reviewsDone: totals?.done ?? 0,
      recentReviews: totals?.recent ?? 0,
      recentAgain: totals?.recentAgain ?? 0,
      activeDays: rowsOf<{ day: string }>(days).map((row) => row.day),
      tags: rowsOf<{ tag: string; total: number; right: number }>(tags),
    };
  }
}

function toSettings(row: SettingsRow): ReviewSettings {
  return {
    desiredRetention: row.desiredRetention,
    newCardsPerDay: row.newCardsPerDay,
    timeZone: row.timeZone,
    // Postgres `time` reads back as HH:MM:SS.
    reminderTime: row.reminderTime === null ? null : row.reminderTime.slice(0, 5),
    remindersEnabled: row.remindersEnabled,
  };
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
