import type { AnswerProjection } from "../domain/ports/answer-projection.js";
import type { Tx } from "./database.js";

export type { StoredAnswer } from "../domain/ports/answer-projection.js";

/**
 * An answer projection on this storage: it runs inside the transaction that stores the answers (see
 * `AnswerWriter`). The leaderboard's (`leaderboards/answer-hook.ts`) and the review cards' are two.
 */
export type AnswerHook = AnswerProjection<Tx>;
