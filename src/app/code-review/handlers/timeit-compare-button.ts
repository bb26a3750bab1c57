import type { ButtonEvent } from "../../../domain/ports/chat-platform.js";
import type { CodeRunner } from "../../../domain/ports/code-runner.js";
import type { StoredSnippetRun } from "../../../domain/ports/snippet-run-store.js";
import { timeitArguments } from "../../snippets/timeit-program.js";
import { timeitCompareAction } from "../run-actions.js";
import { timingComparisonView } from "../timing-views.js";
import { type CodeReviewFeatureDeps, refuse } from "./deps.js";
import { onEveryInterpreter } from "./on-every-interpreter.js";

/**
 * "Compare interpreters" under a `/timeit` result: the same timing on each interpreter, one after
 * another in the member's queue slot, so two timings never share the cores with each other.
 */
export async function timeitCompareButton(
  deps: CodeReviewFeatureDeps,
  runner: CodeRunner,
  event: ButtonEvent,
  stored: StoredSnippetRun,
): Promise<void> {
  // Only a run that /timeit stored is a timing; the id of a member's own snippet is refused.
  const timing = timeitArguments(stored.code);
  if (!timing) return refuse(event.reply, { code: "unknown_run" });
  const outcomes = await onEveryInterpreter(deps, runner, event, { code: stored.code });
  if (!outcomes) return;
  await event.reply.public(
    timingComparisonView({
      authorName: stored.authorName,
      requestedBy: event.user.displayName,
      ...timing,
      outcomes,
      compareActionId: timeitCompareAction(stored.id),
    }),
  );
}
