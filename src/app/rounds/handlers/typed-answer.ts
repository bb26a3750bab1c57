import type { TextMessageEvent } from "../../../domain/ports/chat-platform.js";
import { optionKey, optionLabels } from "../../../domain/rounds/answer-mode.js";
import { givenAnswer } from "../../../domain/rounds/parse-pressed-answer.js";
import { parseTypedAnswer } from "../../../domain/rounds/parse-typed-answer.js";
import { wellFormedText } from "../../../domain/text/well-formed-text.js";
import { shownOrder } from "../round-views.js";
import type { RoundsFeatureDeps } from "./deps.js";
import { replyToAnswer } from "./reply-to-answer.js";

/** Free text in a channel as an answer to its open question: text questions, and choices where there are no buttons. */
export function typedAnswer(deps: RoundsFeatureDeps) {
  return async (event: TextMessageEvent) => {
    const current = await deps.engine.currentQuestion(event.place);
    if (!current) return false;
    const platform = deps.platforms.get(event.place.platform);
    const typedChoices = !platform?.capabilities.buttons;
    const { question, record } = current;
    const isText = question.kind === "text" || (question.kind === "output" && question.ask === "text");
    if (!isText && !typedChoices) return false;
    const order = shownOrder(question, record);
    const parsed = parseTypedAnswer(question, order, wellFormedText(event.text));
    if (!parsed.ok) {
      const count = optionLabels(question).length;
      await event.reply.private({
        kind: "notice",
        notice: {
          code: "invalid_option",
          option: event.text.slice(0, 40),
          expected: { type: "letters", last: optionKey(count - 1), several: question.kind === "multi" },
        },
      });
      return true;
    }
    const response = parsed.value;
    const outcome = await deps.engine.answer({
      target: current,
      place: event.place,
      user: event.user,
      response,
      given: givenAnswer(response, order),
      receivedAt: event.receivedAt,
    });
    await replyToAnswer(event.reply, outcome);
    return true;
  };
}
