import type { ButtonEvent } from "../../../domain/ports/chat-platform.js";
import type { CodeRunner } from "../../../domain/ports/code-runner.js";
import type { StoredSnippetRun } from "../../../domain/ports/snippet-run-store.js";
import { checkDeterminism } from "../../snippets/check-determinism.js";
import type { exploreHandler } from "../explore-handlers.js";
import { cardsAction, parseRunAction } from "../run-actions.js";
import { comparisonView, determinismView, runRefusal, snippetRunView } from "../run-views.js";
import { addCardsButton, offersCards } from "../snippet-cards.js";
import {
  type CodeReviewFeatureDeps,
  common,
  comparable,
  interpreterNames,
  queueKey,
  refuse,
  samePlace,
  usableRunner,
} from "./deps.js";
import { onEveryInterpreter } from "./on-every-interpreter.js";
import { runAndReview, type SnippetToRun, snippetRequest } from "./run-and-show.js";
import { timeitCompareButton } from "./timeit-compare-button.js";

/** A stored run as the member asked for it: its code with the interpreter and input they chose. */
function storedSnippet(stored: StoredSnippetRun): SnippetToRun {
  return {
    code: stored.code,
    interpreter: stored.interpreter ?? undefined,
    stdin: stored.stdin ?? undefined,
  };
}

/** The buttons under a run's result: compare, add cards, explore, replay, run again, check determinism. */
export function runButton(deps: CodeReviewFeatureDeps, explore: ReturnType<typeof exploreHandler>) {
  return async (event: ButtonEvent, parts: readonly string[]): Promise<void> => {
    const action = parseRunAction(parts);
    const stored = action ? await deps.runs.find(action.runId) : undefined;
    // A run of another channel, or a challenge attempt (a member's solution), is never shown here.
    if (!action || !stored || stored.questionId !== null || !samePlace(stored.place, event.place)) {
      return refuse(event.reply, { code: "unknown_run" });
    }
    if (action.type === "cards") return addCardsButton(deps, event, stored);
    const runner = usableRunner(deps);
    if (!runner) return refuse(event.reply, { code: "runner_off" });
    // "Run again" and "Check determinism" keep the interpreter the member chose; if it has gone since
    // (the operator changed RUNNER_INTERPRETERS), the member hears which there are.
    const offered = interpreterNames(deps);
    if (stored.interpreter !== null && !offered.includes(stored.interpreter)) {
      return refuse(event.reply, { code: "unknown_interpreter", name: stored.interpreter, offered });
    }
    switch (action.type) {
      case "compare":
        return compareButton(deps, runner, event, stored);
      case "timeit_compare":
        return timeitCompareButton(deps, runner, event, stored);
      case "explore":
      case "replay": {
        const schedule = action.type === "replay" ? { schedule: action.schedule } : {};
        return explore(runner, { ...common(event), stored, ...schedule }, refuse);
      }
      case "again":
        return runAgainButton(deps, runner, event, stored);
      case "determinism":
        return determinismButton(deps, runner, event, stored);
    }
  };
}

/** "Compare interpreters": the stored snippet on each, one after another in the member's queue slot. */
async function compareButton(
  deps: CodeReviewFeatureDeps,
  runner: CodeRunner,
  event: ButtonEvent,
  stored: StoredSnippetRun,
): Promise<void> {
  const { interpreter: _chosen, ...snippet } = snippetRequest(storedSnippet(stored));
  const outcomes = await onEveryInterpreter(deps, runner, event, snippet);
  if (!outcomes) return;
  await event.reply.public(
    comparisonView({
      runId: stored.id,
      authorName: stored.authorName,
      requestedBy: event.user.displayName,
      outcomes,
    }),
  );
}

/** "Run again": the stored snippet, reviewed again, saved under the member who pressed. */
async function runAgainButton(
  deps: CodeReviewFeatureDeps,
  runner: CodeRunner,
  event: ButtonEvent,
  stored: StoredSnippetRun,
): Promise<void> {
  await event.reply.defer({ private: false });
  const snippet = storedSnippet(stored);
  const { review, raw, result } = await runAndReview(deps, runner, snippet, queueKey(event.user));
  if (!result) return refuse(event.reply, { code: "unavailable" });
  const refusal = runRefusal(result);
  if (refusal) return refuse(event.reply, refusal);
  // The stored row keeps the original author: save this rerun under the member who pressed.
  const runId = await deps.runs.save({
    place: event.place,
    author: event.user,
    code: stored.code,
    interpreter: snippet.interpreter,
    stdin: snippet.stdin,
    result,
  });
  await event.reply.public({
    ...snippetRunView({
      runId,
      authorName: stored.authorName,
      requestedBy: event.user.displayName,
      rerun: true,
      code: stored.code,
      result,
      comparable: comparable(deps),
    }),
    ...(review ? { review } : {}),
    ...(offersCards(deps, raw) ? { cardsActionId: cardsAction(runId) } : {}),
  });
}

/** "Check determinism": the stored snippet run several times, the outputs compared. */
async function determinismButton(
  deps: CodeReviewFeatureDeps,
  runner: CodeRunner,
  event: ButtonEvent,
  stored: StoredSnippetRun,
): Promise<void> {
  await event.reply.defer({ private: false });
  // Every run of the check waits in the member's own queue slot, like a single run.
  const request = { ...snippetRequest(storedSnippet(stored)), queueKey: queueKey(event.user) };
  const determinism = await checkDeterminism(runner, request, deps.determinismRuns ?? 5);
  const refused = determinism.runs.map(runRefusal).find((refusal) => refusal !== undefined);
  if (refused) return refuse(event.reply, refused);
  await event.reply.public(
    determinismView({
      runId: stored.id,
      authorName: stored.authorName,
      requestedBy: event.user.displayName,
      code: stored.code,
      determinism,
    }),
  );
}
