import type { ButtonEvent } from "../../../domain/ports/chat-platform.js";
import type { CodeRunner, RunRequest } from "../../../domain/ports/code-runner.js";
import { compareInterpreters, type InterpreterOutcome } from "../../snippets/compare-interpreters.js";
import { runRefusal } from "../run-views.js";
import { type CodeReviewFeatureDeps, queueKey, refuse } from "./deps.js";

/**
 * A request run on every interpreter the runner offers, one after another in the pressing member's queue
 * slot, for the Compare buttons. Pyodide refusing threads is part of a comparison; only a comparison where
 * nothing ran is refused (to the member, privately), and then this gives undefined.
 */
export async function onEveryInterpreter(
  deps: Pick<CodeReviewFeatureDeps, "interpreters">,
  runner: CodeRunner,
  event: ButtonEvent,
  request: Omit<RunRequest, "interpreter" | "queueKey">,
): Promise<InterpreterOutcome[] | undefined> {
  const interpreters = deps.interpreters?.interpreters() ?? [];
  await event.reply.defer({ private: false });
  const outcomes = await compareInterpreters(runner, interpreters, {
    ...request,
    queueKey: queueKey(event.user),
  });
  const refusals = outcomes.map((outcome) => runRefusal(outcome.result));
  const [firstRefusal] = refusals;
  if (outcomes.length === 0 || (firstRefusal && refusals.every((refusal) => refusal !== undefined))) {
    await refuse(event.reply, firstRefusal ?? { code: "unavailable" });
    return undefined;
  }
  return outcomes;
}
