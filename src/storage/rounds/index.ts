import type { RoundStorage } from "../../domain/ports/round-store.js";
import type { AnswerHook } from "../answer-hooks.js";
import type { AnswerWriterOptions } from "../answers/answer-writer.js";
import type { Db } from "../database.js";
import { DrizzleQuestionLifecycleStore } from "./drizzle-question-lifecycle-store.js";
import { DrizzleRoundAnswerStore } from "./drizzle-round-answer-store.js";
import { DrizzleRoundRecoveryQueries } from "./drizzle-round-recovery-queries.js";
import { DrizzleRoundRepository } from "./drizzle-round-repository.js";

export {
  DrizzleQuestionLifecycleStore,
  DrizzleRoundAnswerStore,
  DrizzleRoundRecoveryQueries,
  DrizzleRoundRepository,
};

/** The four round ports on one database, with the answer hooks run in each answer's transaction. */
export function drizzleRoundStorage(
  db: Db,
  answerHooks: readonly AnswerHook[] = [],
  writerOptions: AnswerWriterOptions = {},
): RoundStorage {
  return {
    rounds: new DrizzleRoundRepository(db),
    lifecycle: new DrizzleQuestionLifecycleStore(db),
    recovery: new DrizzleRoundRecoveryQueries(db),
    answers: new DrizzleRoundAnswerStore(db, answerHooks, writerOptions),
  };
}
