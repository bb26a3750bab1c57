import type { ChatUser, Place, Responder } from "../../../domain/ports/chat-platform.js";
import type { CodeReviewer } from "../../../domain/ports/code-reviewer.js";
import type { CodeRunner, InterpreterCatalog } from "../../../domain/ports/code-runner.js";
import type { SnippetRunStore } from "../../../domain/ports/snippet-run-store.js";
import type { SnippetRefusal } from "../../../domain/ports/views/snippets.js";
import type { RoundEngine } from "../../rounds/round-engine.js";
import type { SnippetCardsDeps } from "../snippet-cards.js";

export interface CodeReviewFeatureDeps extends SnippetCardsDeps {
  /** Undefined or `off`: every run is refused with words that say so. */
  readonly runner: CodeRunner | undefined;
  /** The runner's interpreters: `/run python:`, its autocomplete and "Compare interpreters" (with two or more). */
  readonly interpreters?: InterpreterCatalog;
  readonly runs: SnippetRunStore;
  readonly engine: RoundEngine;
  /** Reviews every snippet alongside its run; undefined: the Review section says it is unavailable. */
  readonly reviewer?: CodeReviewer;
  /** Runs behind "Check determinism" (default 5). */
  readonly determinismRuns?: number;
  readonly nonce?: () => string;
  /** Time for one exploration's schedules in the sandbox (RUNNER_EXPLORE_SECONDS minus 3 s; default 12 s). */
  readonly exploreBudgetMs?: number;
}

/** Refusals go to the member only. */
export async function refuse(reply: Responder, refusal: SnippetRefusal): Promise<void> {
  await reply.private({ kind: "snippet_refused", refusal, submission: false });
}

/** The runner, or undefined when there is none to use (the caller refuses with `runner_off`). */
export function usableRunner(deps: Pick<CodeReviewFeatureDeps, "runner">): CodeRunner | undefined {
  return deps.runner && deps.runner.backend !== "off" ? deps.runner : undefined;
}

export function interpreterNames(deps: Pick<CodeReviewFeatureDeps, "interpreters">): string[] {
  return (deps.interpreters?.interpreters() ?? []).map((interpreter) => interpreter.name);
}

/** Whether results offer "Compare interpreters". */
export function comparable(deps: Pick<CodeReviewFeatureDeps, "interpreters">): boolean {
  return interpreterNames(deps).length > 1;
}

export function common(event: { reply: Responder; place: Place; user: ChatUser; receivedAt: Date }) {
  return { reply: event.reply, place: event.place, requester: event.user, at: event.receivedAt };
}

/** One queued run per member, across channels and platforms' id spaces. */
export function queueKey(user: Pick<ChatUser, "platform" | "id">): string {
  return `${user.platform}:${user.id}`;
}

export function samePlace(a: Place, b: Place): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}
