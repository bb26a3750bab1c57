import type { DashboardScope, QuestionDetail, QuestionFigures } from "../../domain/ports/dashboard-store.js";
import { horizontalBars } from "../charts.js";
import { percent } from "../html.js";
import { cell, type Page } from "../page.js";
import { questionPath } from "./paths.js";

/** The share of correct answers a question should draw (Kahoot's and Water Cooler Trivia's ~70 %). */
export const targetCorrect = 0.7;
/** How far from the target a question may be before it is flagged, and the answers needed to judge it. */
const flagDistance = 0.2;
const flagMinimumAnswers = 10;

/** Whether a question is too easy or too hard for this group: more than 20 points from 70 % correct. */
export function isFlagged(figures: Pick<QuestionFigures, "answers" | "correct">): boolean {
  if (figures.answers < flagMinimumAnswers) return false;
  return Math.abs(figures.correct / figures.answers - targetCorrect) > flagDistance;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? "" : (ms / 1000).toFixed(1);
}

function shortPrompt(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * A bar per row, each the share `part / whole` labelled with its percentage, for a section to spread in;
 * no chart at all when there are no rows. `guide` draws the dashed target line.
 */
function shareChart(
  title: string,
  rows: readonly { label: string; part: number; whole: number; flagged: boolean }[],
  guide?: number,
): { chart?: string } {
  if (rows.length === 0) return {};
  const bars = rows.map((row) => ({
    label: row.label,
    share: row.whole > 0 ? row.part / row.whole : 0,
    text: `${percent(row.part, row.whole)} %`,
    flagged: row.flagged,
  }));
  return { chart: horizontalBars(title, bars, guide) };
}

/** Every question asked on this server, most answered first, flagged when far from ~70 % correct. */
export function questionsPage(scope: DashboardScope, questions: readonly QuestionFigures[]): Page {
  return {
    title: "Questions",
    sections: [
      {
        heading: "% correct of the most answered questions",
        note: `The dashed line is ${targetCorrect * 100} % correct; orange bars are more than ${flagDistance * 100} points away from it (with ${flagMinimumAnswers} answers or more).`,
        ...shareChart(
          "Share of correct answers per question",
          questions.slice(0, 15).map((question) => ({
            label: question.questionId,
            part: question.correct,
            whole: question.answers,
            flagged: isFlagged(question),
          })),
          targetCorrect,
        ),
        table: {
          id: "questions",
          columns: [
            { label: "Question" },
            { label: "Prompt" },
            { label: "Tags" },
            { label: "Answers", numeric: true },
            { label: "% correct", numeric: true },
            { label: "Median s", numeric: true },
            { label: "Flag" },
          ],
          rows: questions.map((question) => {
            const flagged = isFlagged(question);
            const share = question.answers > 0 ? question.correct / question.answers : 0;
            return [
              cell(question.questionId, { href: questionPath(scope, question.questionId) }),
              cell(shortPrompt(question.prompt)),
              cell(question.tags.join(" ")),
              cell(question.answers),
              cell(percent(question.correct, question.answers), { flagged }),
              cell(seconds(question.medianMs)),
              cell(flagged ? (share > targetCorrect ? "too easy" : "too hard") : ""),
            ];
          }),
        },
      },
    ],
  };
}

/** One question: its figures and how the answers split across its options. */
export function questionPage(question: QuestionDetail): Page {
  const byOption = new Map(question.choices.map((choice) => [choice.option, choice]));
  const rows = [
    ...question.options.map((label, index) => ({ label, index })),
    ...(byOption.has(-1) ? [{ label: "Other (typed, several, code)", index: -1 }] : []),
  ].map(({ label, index }) => {
    const choice = byOption.get(index);
    return { label, answers: choice?.answers ?? 0, right: (choice?.correct ?? 0) > 0 };
  });
  const flagged = isFlagged(question);
  return {
    title: `Question ${question.questionId}`,
    sections: [
      {
        heading: "Figures",
        note: shortPrompt(question.prompt),
        table: {
          id: "figures",
          columns: [
            { label: "Answers", numeric: true },
            { label: "Correct", numeric: true },
            { label: "% correct", numeric: true },
            { label: "Median s", numeric: true },
            { label: "Flag" },
          ],
          rows: [
            [
              cell(question.answers),
              cell(question.correct),
              cell(percent(question.correct, question.answers), { flagged }),
              cell(seconds(question.medianMs)),
              cell(flagged ? `far from ${targetCorrect * 100} % correct` : ""),
            ],
          ],
        },
      },
      {
        heading: "How the answers split across the options",
        note: "A wrong option many pick is the misconception to teach next.",
        ...shareChart(
          "Share of answers per option",
          rows.map((row) => ({
            label: row.label,
            part: row.answers,
            whole: question.answers,
            flagged: !row.right && row.answers > 0,
          })),
        ),
        table: {
          id: "options",
          columns: [
            { label: "Option" },
            { label: "Answers", numeric: true },
            { label: "% of answers", numeric: true },
            { label: "Correct option" },
          ],
          rows: rows.map((row) => [
            cell(row.label),
            cell(row.answers),
            cell(percent(row.answers, question.answers)),
            cell(row.right ? "yes" : ""),
          ]),
        },
      },
    ],
  };
}
