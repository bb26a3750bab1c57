import type { Feature } from "../feature.js";
import { challengeSubmission } from "./challenge-submission.js";
import { codeReviewCommands } from "./commands.js";
import { exploreHandler } from "./explore-handlers.js";
import type { CodeReviewFeatureDeps } from "./handlers/deps.js";
import { exploreCommand, exploreForm } from "./handlers/explore-command.js";
import { interpreterAutocomplete } from "./handlers/interpreter-autocomplete.js";
import { runButton } from "./handlers/run-button.js";
import { checkCommand, runCommand, runForm, runReview } from "./handlers/run-command.js";
import { timeitCommand } from "./handlers/timeit-command.js";

export type { CodeReviewFeatureDeps } from "./handlers/deps.js";

/**
 * `/run`, "Run & review" on a message, the buttons under a result, and challenge submissions in rounds.
 * Results go to the channel, since the point is reviewing code together; refusals go to the member only.
 * Runs can take seconds, so every path that runs code defers its reply first.
 */
export function codeReviewFeature(deps: CodeReviewFeatureDeps): Feature {
  const explore = exploreHandler({
    runs: deps.runs,
    ...(deps.exploreBudgetMs !== undefined ? { budgetMs: deps.exploreBudgetMs } : {}),
  });

  // Runs take seconds: at shutdown the bot waits for them (main.ts bounds the wait) before the runner
  // and the database close under them.
  const inFlight = new Set<Promise<void>>();
  function tracked<A extends unknown[]>(handler: (...args: A) => Promise<void>) {
    return async (...args: A): Promise<void> => {
      const work = handler(...args);
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    };
  }

  return {
    name: "code-review",
    declares: codeReviewCommands,
    commands: {
      run: tracked(runCommand(deps)),
      explore: tracked(exploreCommand(deps, explore)),
      timeit: tracked(timeitCommand(deps)),
      check: tracked(checkCommand(deps)),
    },
    messageCommands: { "run-review": tracked(runReview(deps)) },
    actions: { run: tracked(runButton(deps, explore)) },
    autocomplete: { interpreter: interpreterAutocomplete(deps) },
    forms: {
      run: tracked(runForm(deps)),
      explore: tracked(exploreForm(deps, explore)),
      qc: tracked(challengeSubmission(deps)),
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
