import type {
  ChatUser,
  CommandEvent,
  FormEvent,
  Place,
  Responder,
} from "../../../domain/ports/chat-platform.js";
import { extractPythonCode } from "../../snippets/extract-python-code.js";
import { commandCode } from "../command-code.js";
import type { exploreHandler } from "../explore-handlers.js";
import { exploreFormId } from "../run-actions.js";
import { runRefusal } from "../run-views.js";
import { type CodeReviewFeatureDeps, common, queueKey, refuse, usableRunner } from "./deps.js";

type Explore = ReturnType<typeof exploreHandler>;

/** `/explore`: the snippet is run once (so it is stored and its buttons can name it), then explored. */
export function exploreCommand(deps: CodeReviewFeatureDeps, explore: Explore) {
  return async (event: CommandEvent): Promise<void> => {
    const { text } = commandCode(event);
    if (text === "") {
      await event.reply.openForm({ kind: "explore_code", formId: exploreFormId });
      return;
    }
    await exploreSnippet(deps, explore, event, extractPythonCode(text), "command");
  };
}

/** The `/explore` form, submitted. */
export function exploreForm(deps: CodeReviewFeatureDeps, explore: Explore) {
  return (event: FormEvent): Promise<void> =>
    exploreSnippet(deps, explore, event, extractPythonCode(event.fields.code ?? ""), "form");
}

async function exploreSnippet(
  deps: CodeReviewFeatureDeps,
  explore: Explore,
  event: { reply: Responder; place: Place; user: ChatUser; receivedAt: Date },
  code: string | null,
  from: "command" | "form",
): Promise<void> {
  if (code === null) return refuse(event.reply, { code: "no_code", from });
  const runner = usableRunner(deps);
  if (!runner) return refuse(event.reply, { code: "runner_off" });
  const result = await runner.run({ code, queueKey: queueKey(event.user) });
  const refusal = runRefusal(result);
  if (refusal) return refuse(event.reply, refusal);
  const runId = await deps.runs.save({ place: event.place, author: event.user, code, result });
  const stored = { id: runId, authorName: event.user.displayName, code };
  await explore(runner, { ...common(event), stored }, refuse);
}
