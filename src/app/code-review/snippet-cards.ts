import { createHash } from "node:crypto";
import type { ButtonEvent, ChatUser, Responder } from "../../domain/ports/chat-platform.js";
import type { CodeReview, CodeReviewer } from "../../domain/ports/code-reviewer.js";
import type {
  SnippetCardQueue,
  SnippetCardsOutcome,
  SnippetFindingLog,
} from "../../domain/ports/snippet-findings.js";
import type { StoredSnippetRun } from "../../domain/ports/snippet-run-store.js";
import type { SnippetCardsView, View } from "../../domain/ports/views/index.js";
import { reviewAlongside } from "./review-section.js";

/** Cards one snippet can add to a member's reviews. */
export const cardsPerSnippet = 3;

export interface SnippetCardsDeps {
  /** Where each run's findings are kept for `/stats`. */
  readonly findings?: SnippetFindingLog;
  /** Adds cards on the findings' tags; undefined: no cards and no "Add to my reviews". */
  readonly cards?: SnippetCardQueue;
  /** A private message to a member who did not act (the author of a message someone else ran). */
  readonly notify?: (user: Pick<ChatUser, "platform" | "id">, view: View) => Promise<void>;
}

/** The pack tags a review's findings teach, most important finding first, each once. */
export function findingTags(review: CodeReview | undefined): string[] {
  if (review?.status !== "reviewed") return [];
  return [...new Set(review.findings.flatMap((finding) => finding.tags))];
}

/** Whether a result offers "Add to my reviews". */
export function offersCards(deps: SnippetCardsDeps, review: CodeReview | undefined): boolean {
  return deps.cards !== undefined && findingTags(review).length > 0;
}

/** The snippet's identity for cards: the same code gives a member its cards once. */
export function snippetKey(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/**
 * After a member's snippet ran and was saved: its findings are recorded under its author, and the author
 * gets up to three unseen cards on their tags, with a private note (to the member who ran it when that is
 * the author, else as a direct message). Called after the result is shown, so it never holds the result up.
 */
export async function afterReviewedRun(
  deps: SnippetCardsDeps,
  run: {
    readonly runId: number;
    readonly review: CodeReview | undefined;
    readonly author: ChatUser;
    readonly requester: ChatUser;
    readonly code: string;
    readonly at: Date;
    readonly reply: Responder;
  },
): Promise<void> {
  if (run.review?.status !== "reviewed" || run.review.findings.length === 0) return;
  await deps.findings?.record(run.runId, run.author, run.review.findings);
  const tags = findingTags(run.review);
  if (!deps.cards || tags.length === 0) return;
  const outcome = await deps.cards.addCards({
    member: run.author,
    snippetKey: snippetKey(run.code),
    tags,
    limit: cardsPerSnippet,
    at: run.at,
    automatic: true,
  });
  // Only news is told unasked: nothing added (seen them all, turned off, added before) stays quiet.
  if (outcome.type !== "added") return;
  const view = cardsView(outcome, tags, true);
  const sameMember = run.author.platform === run.requester.platform && run.author.id === run.requester.id;
  if (sameMember) await run.reply.private(view);
  else await deps.notify?.(run.author, view);
}

/**
 * "Add to my reviews" under a result: the member who pressed gets the cards (their switch is for the
 * automatic ones only; a press asks). The stored code is reviewed again for its tags: milliseconds.
 */
export async function addCardsButton(
  deps: SnippetCardsDeps & { readonly reviewer?: CodeReviewer },
  event: ButtonEvent,
  stored: StoredSnippetRun,
): Promise<void> {
  const tags = findingTags(await reviewAlongside(deps.reviewer, stored.code));
  if (!deps.cards || tags.length === 0) {
    await event.reply.private({
      kind: "snippet_cards",
      outcome: "none_unseen",
      count: 0,
      tags,
      automatic: false,
    });
    return;
  }
  const outcome = await deps.cards.addCards({
    member: event.user,
    snippetKey: snippetKey(stored.code),
    tags,
    limit: cardsPerSnippet,
    at: event.receivedAt,
    automatic: false,
  });
  await event.reply.private(cardsView(outcome, tags, false));
}

function cardsView(
  outcome: SnippetCardsOutcome,
  asked: readonly string[],
  automatic: boolean,
): SnippetCardsView {
  switch (outcome.type) {
    case "added":
      return {
        kind: "snippet_cards",
        outcome: "added",
        count: outcome.questionIds.length,
        tags: outcome.tags,
        automatic,
      };
    case "already_added":
      return { kind: "snippet_cards", outcome: "already_added", count: 0, tags: asked, automatic };
    case "none_unseen":
    case "turned_off":
      return { kind: "snippet_cards", outcome: "none_unseen", count: 0, tags: asked, automatic };
  }
}
