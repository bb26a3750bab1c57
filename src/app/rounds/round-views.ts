import type { PlatformCapabilities } from "../../domain/ports/chat-platform.js";
import type { AnswerRow, RoundQuestionRecord, RoundRecord } from "../../domain/ports/round-store.js";
import type { QuestionView, RevealInfo } from "../../domain/ports/views/round.js";
import type { AnswerText } from "../../domain/questions/answer-text.js";
import { describeCorrectAnswer } from "../../domain/questions/correct-answer.js";
import type { Question } from "../../domain/questions/question.js";
import { answerModeOf, optionKey, optionLabels } from "../../domain/rounds/answer-mode.js";
import { choiceAction, codeFormAction, multiAction, textFormAction } from "./round-actions.js";

/** Pack indices in the order the round shows them (the stored shuffle, else the file order). */
export function shownOrder(question: Question, record: RoundQuestionRecord): readonly number[] {
  const labels = optionLabels(question);
  if (question.kind === "truefalse") return [0, 1];
  return record.optionOrder && record.optionOrder.length === labels.length
    ? record.optionOrder
    : labels.map((_, index) => index);
}

export function questionView(input: {
  round: RoundRecord;
  record: RoundQuestionRecord;
  question: Question;
  answeredCount: number;
  capabilities: PlatformCapabilities;
  reveal?: RevealInfo;
}): QuestionView {
  const { round, record, question } = input;
  const mode = answerModeOf(question) ?? "text";
  const labels = optionLabels(question);
  const order = shownOrder(question, record);
  const choices = order.map((packIndex, position) => ({
    key: optionKey(position),
    label: labels[packIndex] ?? { type: "text", text: "" },
    actionId: choiceAction(record.id, packIndex),
  }));
  const opened = record.openedAt ?? new Date(0);
  const closesAt = record.closesAt ?? opened;
  const submitActionId =
    mode === "multi"
      ? multiAction(record.id)
      : mode === "text"
        ? textFormAction(record.id)
        : mode === "code"
          ? codeFormAction(record.id)
          : undefined;
  return {
    kind: "question",
    roundId: round.id,
    roundQuestionId: record.id,
    position: record.position,
    total: round.questionCount,
    daily: round.kind === "daily",
    questionId: question.id,
    ...promptOf(question),
    ...(question.kind === "output" ? { code: question.code } : {}),
    ...(question.kind === "challenge" ? { code: question.starter } : {}),
    answerMode: mode,
    choices,
    ...(submitActionId ? { submitActionId } : {}),
    seconds: Math.max(0, Math.round((closesAt.getTime() - opened.getTime()) / 1000)),
    closesAt,
    ...(round.timeZone ? { timeZone: round.timeZone } : {}),
    answeredCount: input.answeredCount,
    state: record.closedAt || input.reveal ? "closed" : "open",
    mode: round.mode,
    ...(input.reveal ? { reveal: input.reveal } : {}),
  };
}

/** The pack's prompt, or the marker for the platform's standard one when an output question has none. */
function promptOf(question: Question): Pick<QuestionView, "prompt" | "standardPrompt"> {
  return question.kind === "output" && question.prompt.trim() === ""
    ? { prompt: "", standardPrompt: "output" }
    : { prompt: question.prompt };
}

export function revealInfo(
  question: Question,
  record: RoundQuestionRecord,
  answers: readonly AnswerRow[],
): RevealInfo {
  const order = shownOrder(question, record);
  const correct = describeCorrectAnswer(question);
  let correctKeys: string[] = [];
  let correctAnswer: AnswerText;
  switch (correct.type) {
    case "options":
      correctKeys = correct.indices.map((index) => optionKey(order.indexOf(index)));
      correctAnswer = {
        type: "options",
        options: correct.indices.map((index) => ({
          key: optionKey(order.indexOf(index)),
          text: correct.options[index] ?? "",
        })),
      };
      break;
    case "truefalse":
      correctKeys = [correct.value ? "A" : "B"];
      correctAnswer = { type: "truth", value: correct.value };
      break;
    case "text":
      correctAnswer = { type: "text", text: correct.accepted[0] ?? "" };
      break;
    case "output":
      correctAnswer = { type: "output", output: correct.output };
      break;
    case "solution":
      // The reference solution stays hidden (it may be reused); the wording says what counted instead.
      correctAnswer = { type: "solution" };
      break;
  }
  const right = answers.filter((answer) => answer.correct);
  return {
    correctKeys,
    correctAnswer,
    explanation: question.explanation,
    ...(question.reference ? { reference: question.reference } : {}),
    answeredCount: answers.length,
    correctCount: right.length,
    correctMembers: right.map((answer) => ({
      displayName: answer.displayName,
      responseMs: answer.responseMs,
    })),
  };
}
