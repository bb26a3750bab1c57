import type { ReviewSession } from "../../domain/ports/review-store.js";
import type { ReviewCardView, ReviewChoice, ReviewReveal } from "../../domain/ports/views/review.js";
import type { AnswerText } from "../../domain/questions/answer-text.js";
import { describeCorrectAnswer } from "../../domain/questions/correct-answer.js";
import type { Question } from "../../domain/questions/question.js";
import { shuffleOptions } from "../../domain/questions/shuffle-options.js";
import { type ReviewGrade, reviewGrades } from "../../domain/reviews/grading.js";
import { newReviewCard, previewGrades, type ReviewCard } from "../../domain/reviews/review-card.js";

/**
 * Action ids of review buttons, all under the "rv" prefix. They carry the session and the position rather
 * than the question id: short enough for Discord's 100-character custom ids, and a press on an old card
 * is recognised as stale because the session has moved on.
 */
export const reviewActions = {
  start: "rv:start",
  answer: (session: number, position: number, value: string) => `rv:a:${session}:${position}:${value}`,
  show: (session: number, position: number) => `rv:s:${session}:${position}`,
  grade: (session: number, position: number, grade: ReviewGrade) => `rv:g:${session}:${position}:${grade}`,
  pause: (session: number) => `rv:p:${session}`,
  fit: "rv:fit",
};

const letters = "ABCDEFGHIJ";

/** The options a review shows as buttons: pack indices in the order shown, fixed per session. */
export function shownOptions(question: Question, sessionId: number): readonly number[] {
  return shuffleOptions(question, `review:${sessionId}`);
}

export function answerMode(question: Question): ReviewCardView["answerMode"] {
  if (question.kind === "truefalse") return "truefalse";
  if (question.kind === "choice" || (question.kind === "output" && question.ask === "choice"))
    return "choice";
  return "recall";
}

export interface CardViewInput {
  readonly session: ReviewSession;
  readonly question: Question;
  readonly isNew: boolean;
  readonly reveal?: ReviewReveal;
  /** With a reveal: the card's state for the intervals on the grade buttons, and the suggestion. */
  readonly grading?: {
    readonly card: ReviewCard | undefined;
    readonly now: Date;
    readonly retention: number;
    /** The member's fitted weights; absent: the defaults. */
    readonly weights?: readonly number[];
    readonly suggested: ReviewGrade | undefined;
  };
}

export function cardView(input: CardViewInput): ReviewCardView {
  const { session, question } = input;
  const position = session.position;
  const mode = answerMode(question);
  const grading = input.grading;
  const preview = grading
    ? previewGrades(
        grading.card ?? newReviewCard(grading.now),
        grading.now,
        grading.retention,
        grading.weights,
      )
    : undefined;
  return {
    kind: "review_card",
    position,
    total: session.questionIds.length,
    dueCount: session.dueCount,
    isNew: input.isNew,
    prompt: question.prompt,
    ...(question.kind === "output" ? { code: question.code } : {}),
    answerMode: mode,
    choices: choicesOf(question, session.id, position),
    ...(mode === "recall" && !input.reveal
      ? { showAnswerActionId: reviewActions.show(session.id, position) }
      : {}),
    ...(input.reveal ? { reveal: input.reveal } : {}),
    ...(grading && preview
      ? {
          grades: reviewGrades.map((grade) => ({
            grade,
            actionId: reviewActions.grade(session.id, position, grade),
            intervalMs: preview[grade].getTime() - grading.now.getTime(),
            suggested: grade === grading.suggested,
          })),
        }
      : {}),
    pauseActionId: reviewActions.pause(session.id),
  };
}

function choicesOf(question: Question, sessionId: number, position: number): ReviewChoice[] {
  if (question.kind === "truefalse") {
    return [
      // A and B, as in rounds: the letters a text-only platform lists and takes typed.
      {
        key: "A",
        label: { type: "truth", value: true },
        actionId: reviewActions.answer(sessionId, position, "t"),
      },
      {
        key: "B",
        label: { type: "truth", value: false },
        actionId: reviewActions.answer(sessionId, position, "f"),
      },
    ];
  }
  const options = optionTexts(question);
  if (!options) return [];
  return shownOptions(question, sessionId).map((index, shown) => ({
    key: letters[shown] ?? String(shown + 1),
    label: { type: "text", text: options[index] ?? "" },
    actionId: reviewActions.answer(sessionId, position, String(index)),
  }));
}

function optionTexts(question: Question): readonly string[] | undefined {
  if (question.kind === "choice" || question.kind === "multi") return question.options;
  if (question.kind === "output" && question.ask === "choice") return question.options;
  return undefined;
}

/** The right answer, with option letters as this session shows them. */
export function correctAnswer(question: Question, sessionId: number): AnswerText {
  const correct = describeCorrectAnswer(question);
  switch (correct.type) {
    case "options": {
      const order = shownOptions(question, sessionId);
      return {
        type: "options",
        options: correct.indices.map((index) => ({
          key: letters[order.indexOf(index)] ?? "?",
          text: correct.options[index] ?? "",
        })),
      };
    }
    case "truefalse":
      return { type: "truth", value: correct.value };
    case "text":
      return { type: "text", text: correct.accepted[0] ?? "" };
    case "output":
      return { type: "output", output: correct.output };
    case "solution":
      return { type: "solution" };
  }
}

/** The letter (or true/false) a pressed answer value stands for, as shown to the member. */
export function givenAnswer(question: Question, sessionId: number, value: string): AnswerText {
  if (value === "t" || value === "f") return { type: "truth", value: value === "t" };
  const shown = shownOptions(question, sessionId).indexOf(Number(value));
  return { type: "keys", keys: [letters[shown] ?? value] };
}
