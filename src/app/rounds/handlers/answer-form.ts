import type { FormEvent } from "../../../domain/ports/chat-platform.js";
import { wellFormedText } from "../../../domain/text/well-formed-text.js";
import { parseTextFormId } from "../round-actions.js";
import type { RoundsFeatureDeps } from "./deps.js";
import { replyToAnswer } from "./reply-to-answer.js";

/** The submitted text-answer form `q:<roundQuestionId>`. */
export function answerForm(deps: RoundsFeatureDeps) {
  return async (event: FormEvent, parts: readonly string[]) => {
    const roundQuestionId = parseTextFormId(parts);
    const text = wellFormedText(event.fields.answer ?? "")
      .trim()
      .slice(0, 500);
    const target =
      roundQuestionId === undefined || text === ""
        ? undefined
        : await deps.engine.roundQuestion(roundQuestionId);
    if (!target) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const outcome = await deps.engine.answer({
      target,
      place: event.place,
      user: event.user,
      response: { type: "text", text },
      given: { type: "text", text: text.slice(0, 100) },
      receivedAt: event.receivedAt,
    });
    await replyToAnswer(event.reply, outcome);
  };
}
