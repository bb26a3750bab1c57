import type { ChatUser, Place, Responder } from "../../../domain/ports/chat-platform.js";
import type { CodeRunner, RunRequest, RunResult } from "../../../domain/ports/code-runner.js";
import { reviewAlongside, reviewOnlyView, reviewSection } from "../review-section.js";
import { cardsAction } from "../run-actions.js";
import { runRefusal, snippetRunView } from "../run-views.js";
import { afterReviewedRun, offersCards } from "../snippet-cards.js";
import {
  type CodeReviewFeatureDeps,
  comparable,
  interpreterNames,
  queueKey,
  refuse,
  usableRunner,
} from "./deps.js";

/** What a member asked to run: the code, and the interpreter and standard input they chose, if any. */
export interface SnippetToRun {
  readonly code: string;
  readonly interpreter?: string | undefined;
  readonly stdin?: string | undefined;
}

/** The run request for a snippet, leaving out what the member did not choose. */
export function snippetRequest(snippet: SnippetToRun): RunRequest {
  return {
    code: snippet.code,
    ...(snippet.interpreter !== undefined ? { interpreter: snippet.interpreter } : {}),
    ...(snippet.stdin !== undefined ? { stdin: snippet.stdin } : {}),
  };
}

export interface RunAndShowInput extends SnippetToRun {
  readonly reply: Responder;
  readonly place: Place;
  readonly requester: ChatUser;
  readonly author: ChatUser;
  readonly rerun: boolean;
  readonly at: Date;
}

/**
 * Runs a member's snippet (from `/run`, its form or "Run & review") and shows it to the channel with its
 * review, then gives review cards on what the review found. Runs take seconds, so the reply is deferred.
 */
export async function runAndShow(deps: CodeReviewFeatureDeps, input: RunAndShowInput): Promise<void> {
  const runner = usableRunner(deps);
  if (!runner) return refuse(input.reply, { code: "runner_off" });
  const offered = interpreterNames(deps);
  if (input.interpreter !== undefined && !offered.includes(input.interpreter)) {
    return refuse(input.reply, { code: "unknown_interpreter", name: input.interpreter, offered });
  }
  await input.reply.defer({ private: false });
  const { review, raw, result } = await runAndReview(deps, runner, input, queueKey(input.requester));
  if (review?.status === "syntax_error" || !result) {
    await input.reply.public(reviewOnlyView(input, review ?? { status: "unavailable" }, true));
    return;
  }
  const refusal = runRefusal(result);
  if (refusal) return refuse(input.reply, refusal);
  const runId = await deps.runs.save({
    place: input.place,
    author: input.author,
    code: input.code,
    interpreter: input.interpreter,
    stdin: input.stdin,
    result,
  });
  await input.reply.public({
    ...snippetRunView({
      runId,
      authorName: input.author.displayName,
      requestedBy: input.requester.displayName,
      rerun: input.rerun,
      code: input.code,
      result,
      comparable: comparable(deps),
    }),
    ...(review ? { review } : {}),
    ...(offersCards(deps, raw) ? { cardsActionId: cardsAction(runId) } : {}),
  });
  await afterReviewedRun(deps, { ...input, runId, review: raw });
}

/**
 * Runs the snippet and reviews it at the same time: the review takes milliseconds, the run far longer,
 * so the member waits no longer for both. A syntax error stops the run (Python would run none of it).
 */
export async function runAndReview(
  deps: Pick<CodeReviewFeatureDeps, "reviewer">,
  runner: CodeRunner,
  snippet: SnippetToRun,
  key: string,
) {
  const stop = new AbortController();
  const reviewing = reviewAlongside(deps.reviewer, snippet.code).then((review) => {
    if (review?.status === "syntax_error") stop.abort();
    return review;
  });
  const running: Promise<RunResult> = runner.run({
    ...snippetRequest(snippet),
    queueKey: key,
    signal: stop.signal,
  });
  const [raw, result] = await Promise.all([reviewing, running]);
  const review = reviewSection(raw);
  return { review, raw, result: raw?.status === "syntax_error" ? undefined : result };
}
