import { eq } from "drizzle-orm";
import type { Question } from "../../domain/questions/question.js";
import { gradeFromAnswer } from "../../domain/reviews/grading.js";
import type { AnswerHook } from "../answer-hooks.js";
import { answers, questions, roundQuestions, rounds } from "../schema/index.js";
import { gradeInTransaction } from "./card-rows.js";

/**
 * Every quiz and daily answer also grades the member's review card for that question, inside the answer's
 * transaction: wrong is Again, right is Good, Hard when slow or Easy when fast for the round's time limit
 * (thresholds per question kind in src/domain/reviews/grading.ts). Challenges are not review material.
 * Answers earn their streak credit from the leaderboard's own hook, so this one credits nothing.
 */
export function reviewAnswerHook(): AnswerHook {
  return async (tx, answer) => {
    const [context] = await tx
      .select({
        seconds: rounds.secondsPerQuestion,
        openedAt: roundQuestions.openedAt,
        closesAt: roundQuestions.closesAt,
        content: questions.content,
      })
      .from(answers)
      .innerJoin(roundQuestions, eq(roundQuestions.id, answers.roundQuestionId))
      .innerJoin(rounds, eq(rounds.id, roundQuestions.roundId))
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(eq(answers.id, answer.answerId));
    if (!context) return;
    const question = context.content as Question;
    if (question.kind === "challenge") return;
    // The window the question was really open is what the member had; the round's setting is the fallback.
    const seconds =
      context.openedAt && context.closesAt
        ? (context.closesAt.getTime() - context.openedAt.getTime()) / 1000
        : context.seconds;
    const grade = gradeFromAnswer({
      kind: question.kind,
      correct: answer.correct,
      responseMs: answer.responseMs,
      seconds,
    });
    await gradeInTransaction(tx, {
      userId: answer.userId,
      questionId: answer.questionId,
      grade,
      at: answer.answeredAt,
      source: answer.roundKind,
      answerId: answer.answerId,
    });
  };
}
