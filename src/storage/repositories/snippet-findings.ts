import { and, count, desc, eq, gte, sql } from "drizzle-orm";
import type { ChatUser } from "../../domain/ports/chat-platform.js";
import type {
  FindingTally,
  SnippetCardQueue,
  SnippetCardsOutcome,
  SnippetCardsRequest,
  SnippetFindingLog,
} from "../../domain/ports/snippet-findings.js";
import { newReviewCard } from "../../domain/reviews/review-card.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import {
  answers,
  questions,
  reviewCards,
  snippetCardGrants,
  snippetFindings,
  userSettings,
} from "../schema/index.js";
import { ensureUser } from "./users.js";

/** The review's findings per run, and the review cards a snippet's findings gave each member. */
export class DrizzleSnippetFindings implements SnippetFindingLog, SnippetCardQueue {
  constructor(private readonly db: Db) {}

  async record(
    runId: number,
    author: Pick<ChatUser, "platform" | "id" | "displayName">,
    findings: readonly { readonly ruleId: string; readonly title: string }[],
  ): Promise<void> {
    if (findings.length === 0) return;
    const userId = await ensureUser(this.db, author);
    const byRule = new Map<string, { title: string; hits: number }>();
    for (const finding of findings) {
      const seen = byRule.get(finding.ruleId);
      byRule.set(finding.ruleId, { title: finding.title, hits: (seen?.hits ?? 0) + 1 });
    }
    await this.db
      .insert(snippetFindings)
      .values([...byRule].map(([ruleId, { title, hits }]) => ({ runId, ruleId, userId, title, hits })))
      .onConflictDoNothing();
  }

  async mostTriggered(userId: number, since: Date, limit: number): Promise<FindingTally[]> {
    const snippets = count();
    const rows = await this.db
      .select({
        ruleId: snippetFindings.ruleId,
        // The newest title, in case a rule was reworded within the window.
        title: sql<string>`(array_agg(${snippetFindings.title} order by ${snippetFindings.createdAt} desc))[1]`,
        snippets,
      })
      .from(snippetFindings)
      .where(and(eq(snippetFindings.userId, userId), gte(snippetFindings.createdAt, since)))
      .groupBy(snippetFindings.ruleId)
      .orderBy(desc(snippets), snippetFindings.ruleId)
      .limit(limit);
    return rows;
  }

  /**
   * In one transaction: the member's switch (automatic cards only), the unseen questions on the tags, the
   * grant row for (member, snippet), then the cards. The grant's primary key makes a concurrent second
   * attempt wait for the first and then add nothing.
   */
  async addCards(request: SnippetCardsRequest): Promise<SnippetCardsOutcome> {
    if (request.tags.length === 0 || request.limit < 1) return { type: "none_unseen" };
    const userId = await ensureUser(this.db, request.member);
    return this.db.transaction(async (tx) => {
      if (request.automatic) {
        const [settings] = await tx
          .select({ on: userSettings.snippetCards })
          .from(userSettings)
          .where(eq(userSettings.userId, userId));
        if (settings && !settings.on) return { type: "turned_off" };
      }
      const [before] = await tx
        .select({ userId: snippetCardGrants.userId })
        .from(snippetCardGrants)
        .where(and(eq(snippetCardGrants.userId, userId), eq(snippetCardGrants.codeHash, request.snippetKey)));
      if (before) return { type: "already_added" };
      const wanted = sql`${sql.param([...request.tags])}::text[]`;
      const picked = rowsOf<{ id: string; tags: string[] }>(
        await tx.execute(sql`
          select q.id, q.tags
            from ${questions} q
           where q.retired_at is null
             and q.kind <> 'challenge'
             and q.tags && ${wanted}
             and not exists (select 1 from ${reviewCards} c where c.user_id = ${userId} and c.question_id = q.id)
             and not exists (select 1 from ${answers} a where a.user_id = ${userId} and a.question_id = q.id)
           -- The question on the most important tag first, then the gentlest.
           order by (select min(array_position(${wanted}, t)) from unnest(q.tags) t), q.difficulty, q.id
           limit ${request.limit}`),
      );
      // Nothing to give is not a grant: cards on these tags added to the packs later can still come.
      if (picked.length === 0) return { type: "none_unseen" };
      const granted = await tx
        .insert(snippetCardGrants)
        .values({
          userId,
          codeHash: request.snippetKey,
          questionIds: picked.map((row) => row.id),
          grantedAt: request.at,
        })
        .onConflictDoNothing()
        .returning({ userId: snippetCardGrants.userId });
      if (granted.length === 0) return { type: "already_added" };
      const card = newReviewCard(request.at);
      await tx
        .insert(reviewCards)
        .values(
          picked.map((row) => ({
            userId,
            questionId: row.id,
            due: card.due,
            stability: card.stability,
            difficulty: card.difficulty,
            elapsedDays: card.elapsedDays,
            scheduledDays: card.scheduledDays,
            learningSteps: card.learningSteps,
            reps: card.reps,
            lapses: card.lapses,
            state: card.state,
            lastReview: card.lastReview,
          })),
        )
        .onConflictDoNothing();
      const covered = new Set(picked.flatMap((row) => row.tags));
      return {
        type: "added",
        questionIds: picked.map((row) => row.id),
        tags: request.tags.filter((tag) => covered.has(tag)),
      };
    });
  }
}
