import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import type { SnippetTimingView } from "../../../domain/ports/views/snippets.js";
import { extractPythonCode } from "../../snippets/extract-python-code.js";
import { timeitProgram } from "../../snippets/timeit-program.js";
import { commandCode } from "../command-code.js";
import { timeitCompareAction } from "../run-actions.js";
import { runRefusal } from "../run-views.js";
import { timingOutcome } from "../timing-views.js";
import {
  type CodeReviewFeatureDeps,
  comparable,
  interpreterNames,
  queueKey,
  refuse,
  usableRunner,
} from "./deps.js";

/**
 * `/timeit [setup] code`: Python's timeit in the sandbox (see timeit-program.ts), shown to the channel.
 * The setup is Discord's `setup` option; in typed text, the first of two ```python blocks.
 */
export function timeitCommand(deps: CodeReviewFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const { text, interpreter } = commandCode(event);
    const blocks = [...text.matchAll(/```(?:python|py)?\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    const typedSetup = blocks.length === 2 ? blocks[0] : undefined;
    const statement = blocks.length === 2 ? (blocks[1] ?? "") : (extractPythonCode(text) ?? "");
    const option = typeof event.options.setup === "string" ? event.options.setup : undefined;
    const setup = (option ?? typedSetup ?? "").trim();
    if (statement.trim() === "") return refuse(event.reply, { code: "no_code", from: "command" });
    const runner = usableRunner(deps);
    if (!runner) return refuse(event.reply, { code: "runner_off" });
    const offered = interpreterNames(deps);
    if (interpreter !== undefined && !offered.includes(interpreter)) {
      return refuse(event.reply, { code: "unknown_interpreter", name: interpreter, offered });
    }
    await event.reply.defer({ private: false });
    const program = timeitProgram(statement, setup === "" ? "pass" : setup);
    const result = await runner.run({
      code: program,
      queueKey: queueKey(event.user),
      ...(interpreter !== undefined ? { interpreter } : {}),
    });
    const refusal = runRefusal(result);
    if (refusal) return refuse(event.reply, refusal);
    // Kept like any run, so the Compare button refers to it by id instead of carrying the code.
    const runId = await deps.runs.save({
      place: event.place,
      author: event.user,
      code: program,
      interpreter,
      result,
    });
    const view: SnippetTimingView = {
      kind: "snippet_timing",
      authorName: event.user.displayName,
      statement,
      setup: setup === "" ? null : setup,
      ...(result.interpreter !== undefined ? { interpreter: result.interpreter } : {}),
      outcome: timingOutcome(result),
      ...(comparable(deps) ? { compareActionId: timeitCompareAction(runId) } : {}),
    };
    await event.reply.public(view);
  };
}
