import { eq, sql } from "drizzle-orm";
import type { QuestionKind } from "../../domain/questions/question.js";
import { gradeFromAnswer } from "../../domain/reviews/grading.js";
import type { AnswerHook } from "../answer-hooks.js";
import { idIn } from "../raw-sql.js";
import { answers, questions, roundQuestions, rounds } from "../schema/index.js";
import { type GradeInTx, gradeManyInTransaction } from "./card-rows.js";

/**
 * Every quiz and daily answer also grades the member's review card for that question, inside the answer's
 * transaction: wrong is Again, right is Good, Hard when slow or Easy when fast for the round's time limit
 * (thresholds per question kind in src/domain/reviews/grading.ts). Challenges are not review material.
 * Answers earn their streak credit from the leaderboard's own hook, so this one credits nothing.
 */
export function reviewAnswerHook(): AnswerHook {
  return async (tx, stored) => {
    if (stored.length === 0) return;
    const contexts = await tx
      .select({
        answerId: answers.id,
        kind: sql<QuestionKind>`${questions.content}->>'kind'`,
        // The window the question was really open is what the member had; the round's setting is the fallback.
        seconds: sql<number>`coalesce(extract(epoch from ${roundQuestions.closesAt} - ${roundQuestions.openedAt})::float8, ${rounds.secondsPerQuestion})`,
      })
      .from(answers)
      .innerJoin(roundQuestions, eq(roundQuestions.id, answers.roundQuestionId))
      .innerJoin(rounds, eq(rounds.id, roundQuestions.roundId))
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(
        idIn(
          answers.id,
          stored.map((answer) => answer.answerId),
        ),
      );
    const byAnswer = new Map(contexts.map((context) => [Number(context.answerId), context]));
    const gradings = stored.flatMap((answer): GradeInTx[] => {
      const context = byAnswer.get(answer.answerId);
      if (!context || context.kind === "challenge") return [];
      const grade = gradeFromAnswer({
        kind: context.kind,
        correct: answer.correct,
        responseMs: answer.responseMs,
        seconds: Number(context.seconds),
      });
      return [
        {
          userId: answer.userId,
          questionId: answer.questionId,
          grade,
          at: answer.answeredAt,
          source: answer.roundKind,
          answerId: answer.answerId,
        },
      ];
    });
    await gradeManyInTransaction(tx, gradings);
  };
}
