import type { ChatUser } from "./chat-platform.js";

/** How often one rule fired in a member's own snippets. */
export interface FindingTally {
  readonly ruleId: string;
  readonly title: string;
  /** Snippets (runs) it fired in. */
  readonly snippets: number;
}

/** The review's findings per run of a member's own snippet, for `/stats`. */
export interface SnippetFindingLog {
  /** Records what fired in run `runId` of code `author` wrote; a rule firing twice in it is one row. */
  record(
    runId: number,
    author: Pick<ChatUser, "platform" | "id" | "displayName">,
    findings: readonly { readonly ruleId: string; readonly title: string }[],
  ): Promise<void>;
  /** The rules that fired in most of the member's snippets run since `since`, most first. */
  mostTriggered(userId: number, since: Date, limit: number): Promise<FindingTally[]>;
}

/** A request to add review cards on a snippet's findings to a member's reviews. */
export interface SnippetCardsRequest {
  readonly member: Pick<ChatUser, "platform" | "id" | "displayName">;
  /** The snippet's identity (a hash of its code): cards are added once per member and snippet. */
  readonly snippetKey: string;
  /** Pack tags of the findings, most important first. */
  readonly tags: readonly string[];
  readonly limit: number;
  readonly at: Date;
  /** The author's automatic cards, which their `/review settings` can turn off; a press is never refused. */
  readonly automatic: boolean;
}

export type SnippetCardsOutcome =
  /** Cards new to the member, due at once; `tags` are the requested tags they teach, most important first. */
  | { readonly type: "added"; readonly questionIds: readonly string[]; readonly tags: readonly string[] }
  /** This snippet already gave the member its cards (a re-delivery, a second press). */
  | { readonly type: "already_added" }
  /** The member has seen every question on those tags. */
  | { readonly type: "none_unseen" }
  /** The member turned automatic cards off. */
  | { readonly type: "turned_off" };

/** Adds unseen cards on a snippet's finding tags to a member's `/review` queue. */
export interface SnippetCardQueue {
  addCards(request: SnippetCardsRequest): Promise<SnippetCardsOutcome>;
}
