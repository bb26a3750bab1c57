import type { ButtonEvent } from "../../../domain/ports/chat-platform.js";
import { parsePressedAnswer } from "../../../domain/rounds/parse-pressed-answer.js";
import { codeFormId, parseRoundAction, textFormId } from "../round-actions.js";
import { shownOrder } from "../round-views.js";
import type { RoundsFeatureDeps } from "./deps.js";
import { replyToAnswer } from "./reply-to-answer.js";

/** An answer button, the multi-select, or a button opening the text or code form (see round-actions). */
export function answerButton(deps: RoundsFeatureDeps) {
  return async (event: ButtonEvent, parts: readonly string[]): Promise<void> => {
    const action = parseRoundAction(parts);
    const found = action ? await deps.engine.roundQuestion(action.roundQuestionId) : undefined;
    if (!action || !found) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const { question, record } = found;
    const order = shownOrder(question, record);
    if (action.type === "code_form") {
      if (record.closedAt !== null || question.kind !== "challenge") {
        await event.reply.private({ kind: "notice", notice: { code: "question_closed" } });
        return;
      }
      await event.reply.openForm({
        kind: "challenge_solution",
        formId: codeFormId(record.id),
        position: record.position,
        starter: question.starter,
      });
      return;
    }
    if (action.type === "text_form") {
      if (record.closedAt !== null) {
        await event.reply.private({ kind: "notice", notice: { code: "question_closed" } });
        return;
      }
      await event.reply.openForm({
        kind: "typed_answer",
        formId: textFormId(record.id),
        position: record.position,
        multiline: question.kind === "output",
      });
      return;
    }
    const press =
      action.type === "choice"
        ? ({ type: "choice", index: action.index } as const)
        : ({ type: "multi", keys: event.values ?? [] } as const);
    const parsed = parsePressedAnswer(question, order, press);
    if (!parsed.ok) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const outcome = await deps.engine.answer({
      target: found,
      place: event.place,
      user: event.user,
      ...parsed.value,
      receivedAt: event.receivedAt,
    });
    await replyToAnswer(event.reply, outcome);
  };
}
