import type { CommandEvent, FormEvent, MessageCommandEvent } from "../../../domain/ports/chat-platform.js";
import { extractPythonCode } from "../../snippets/extract-python-code.js";
import { commandCode } from "../command-code.js";
import { reviewAlongside, reviewOnlyView, reviewSection } from "../review-section.js";
import { interpreterOfForm, runFormIdFor } from "../run-actions.js";
import { type CodeReviewFeatureDeps, common, refuse } from "./deps.js";
import { runAndShow } from "./run-and-show.js";

/** `/run [code] [python]`: without code, the form to paste it in. */
export function runCommand(deps: CodeReviewFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const { text, interpreter, stdin } = commandCode(event);
    if (text === "") {
      await event.reply.openForm({ kind: "run_code", formId: runFormIdFor(interpreter) });
      return;
    }
    const code = extractPythonCode(text);
    if (code === null) return refuse(event.reply, { code: "no_code", from: "command" });
    const run = { code, interpreter, stdin };
    await runAndShow(deps, { ...common(event), author: event.user, ...run, rerun: false });
  };
}

/** The `/run` form, submitted. */
export function runForm(deps: CodeReviewFeatureDeps) {
  return async (event: FormEvent): Promise<void> => {
    const code = extractPythonCode(event.fields.code ?? "");
    if (code === null) return refuse(event.reply, { code: "no_code", from: "form" });
    const interpreter = interpreterOfForm(event.formId);
    const stdin =
      event.fields.input === undefined || event.fields.input === "" ? undefined : event.fields.input;
    const run = { code, interpreter, stdin };
    await runAndShow(deps, { ...common(event), author: event.user, ...run, rerun: false });
  };
}

/** "Run & review" on a message: the message's author is the snippet's. */
export function runReview(deps: CodeReviewFeatureDeps) {
  return async (event: MessageCommandEvent): Promise<void> => {
    const code = extractPythonCode(event.targetText);
    if (code === null) return refuse(event.reply, { code: "no_code", from: "message" });
    await runAndShow(deps, {
      ...common(event),
      author: event.targetAuthor ?? event.user,
      code,
      rerun: false,
    });
  };
}

/** "Review only" (`/check`): the review without a run, for code that should not be run. */
export function checkCommand(deps: Pick<CodeReviewFeatureDeps, "reviewer">) {
  return async (event: CommandEvent): Promise<void> => {
    const code = extractPythonCode(commandCode(event).text);
    if (code === null) return refuse(event.reply, { code: "no_code", from: "command" });
    await event.reply.defer({ private: false });
    const review = reviewSection(await reviewAlongside(deps.reviewer, code)) ?? { status: "unavailable" };
    await event.reply.public(
      reviewOnlyView({ author: event.user, requester: event.user, code }, review, false),
    );
  };
}
