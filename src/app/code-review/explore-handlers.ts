import type { Decision, Exploration } from "../../domain/explore/exploration.js";
import type { ChatUser, Place, Responder } from "../../domain/ports/chat-platform.js";
import type { CodeRunner } from "../../domain/ports/code-runner.js";
import type { SnippetRunStore, StoredSnippetRun } from "../../domain/ports/snippet-run-store.js";
import type { SnippetExplorationView } from "../../domain/ports/views/exploration.js";
import type { SnippetRefusal } from "../../domain/ports/views/snippets.js";
import { exploreCode } from "../explore/explore-code.js";
import { defaultExploreBudgetMs } from "../explore/explore-program.js";
import { exploreAction, replayAction, runAgainAction } from "./run-actions.js";
import { runRefusal, runSummary } from "./run-views.js";

export interface ExploreHandlerDeps {
  readonly runs: SnippetRunStore;
  /** Time for one exploration's schedules inside the sandbox (RUNNER_EXPLORE_SECONDS minus 3 s). */
  readonly budgetMs?: number;
}

export interface ExploreRequestInput {
  readonly reply: Responder;
  readonly place: Place;
  readonly requester: ChatUser;
  readonly stored: Pick<StoredSnippetRun, "id" | "authorName" | "code">;
  /** Replay exactly this schedule instead of exploring. */
  readonly schedule?: readonly Decision[];
}

/**
 * "Explore interleavings", `/explore` and "Replay": the snippet explored (or one schedule replayed) in
 * the runner's exploration lane, the result shown to the channel like a run. The caller has already
 * checked that the stored run belongs to this channel and deferred nothing yet.
 */
export function exploreHandler(deps: ExploreHandlerDeps) {
  return async (
    runner: CodeRunner,
    input: ExploreRequestInput,
    refuse: (reply: Responder, refusal: SnippetRefusal) => Promise<void>,
  ): Promise<void> => {
    await input.reply.defer({ private: false });
    const result = await exploreCode(runner, {
      target: { code: input.stored.code },
      options: {
        budgetMs: deps.budgetMs ?? defaultExploreBudgetMs,
        ...(input.schedule ? { schedule: input.schedule } : {}),
      },
      queueKey: `${input.requester.platform}:${input.requester.id}:explore`,
    });
    const refusal = runRefusal(result.run);
    if (refusal) return refuse(input.reply, refusal);
    await input.reply.public(
      explorationView({
        stored: input.stored,
        requestedBy: input.requester.displayName,
        exploration: result.type === "explored" ? result.exploration : null,
        ...(result.type === "failed" ? { failed: runSummary(result.run) } : {}),
      }),
    );
  };
}

/** The view of an exploration (the platforms neutralise what it echoes of the member's code and output). */
export function explorationView(input: {
  readonly stored: Pick<StoredSnippetRun, "id" | "authorName">;
  readonly requestedBy: string;
  readonly exploration: Exploration | null;
  readonly failed?: ReturnType<typeof runSummary>;
}): SnippetExplorationView {
  const { exploration } = input;
  const replay =
    exploration?.kind === "explored" || exploration?.kind === "replayed" ? exploration.replay : null;
  const replayId = replay ? replayAction(input.stored.id, replay.schedule) : undefined;
  return {
    kind: "snippet_exploration",
    runId: input.stored.id,
    authorName: input.stored.authorName,
    requestedBy: input.requestedBy,
    exploration,
    ...(input.failed ? { failed: input.failed } : {}),
    ...(replayId ? { replayActionId: replayId } : {}),
    exploreActionId: exploreAction(input.stored.id),
    againActionId: runAgainAction(input.stored.id),
  };
}
