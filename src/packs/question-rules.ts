import { z } from "zod";
import type { FieldIssue } from "./field-issues.js";
import { optionIndex } from "./question-schema.js";

/**
 * Rules that relate two fields of a question. Each reads its fields on their own, so a rule still runs
 * (and reports) when some unrelated field of the question is broken, and stays silent when one of its
 * own fields is broken (that field already has its own message).
 */
export function crossFieldIssues(
  entry: Readonly<Record<string, unknown>>,
  answerField: "answer" | "answers" | undefined,
): FieldIssue[] {
  if (answerField === undefined) return [];
  const options = z.array(z.unknown()).min(2).safeParse(entry.options);
  if (!options.success) return [];
  const count = options.data.length;
  const issues: FieldIssue[] = [];
  if (answerField === "answer") {
    const answer = optionIndex.safeParse(entry.answer);
    if (answer.success && answer.data >= count) {
      issues.push({ path: ["answer"], message: outOfRange("answer", answer.data, count) });
    }
    return issues;
  }
  const answers = z.array(optionIndex).safeParse(entry.answers);
  if (answers.success) {
    answers.data.forEach((index, position) => {
      if (index >= count)
        issues.push({ path: ["answers", position], message: outOfRange("answers", index, count) });
    });
    const distinct = new Set(answers.data.filter((index) => index < count));
    if (distinct.size >= count) {
      issues.push({
        path: ["answers"],
        message: "answers marks every option correct; a multi question needs at least one wrong option",
      });
    }
  }
  return issues;
}

function outOfRange(field: string, index: number, count: number): string {
  return `${field} index ${index} is out of range (${count} choices)`;
}
