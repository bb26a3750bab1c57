import type { Responder } from "../../../domain/ports/chat-platform.js";
import type { RoundAnswerOutcome } from "../round-engine.js";

/** Tells the member privately what became of their answer. */
export async function replyToAnswer(respond: Responder, outcome: RoundAnswerOutcome): Promise<void> {
  if (outcome.type === "recorded") {
    await respond.private({
      kind: "answer_ack",
      position: outcome.position,
      given: outcome.given,
      correct: outcome.correct,
      points: outcome.points,
    });
    return;
  }
  await respond.private({ kind: "notice", notice: { code: outcome.reason } });
}
