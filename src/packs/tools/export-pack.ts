import { stringify } from "csv-stringify/sync";
import type { Pack, Question } from "../../domain/questions/question.js";
import {
  CSV_COLUMNS,
  type CsvColumn,
  joinAlternatives,
  OPTION_COLUMNS,
  OPTION_LETTERS,
} from "./csv-columns.js";

export interface ExportedText {
  readonly text: string;
  /** Questions the format cannot hold, by id (challenges in CSV: checks and solutions need YAML). */
  readonly skipped: readonly string[];
}

/** The pack as CSV in the import's columns, so `pack import` reads it back to the same questions. */
export function packToCsv(pack: Pack): ExportedText {
  const skipped: string[] = [];
  const rows: Record<CsvColumn, string>[] = [];
  for (const question of pack.questions) {
    const row = csvRow(question);
    if (row === undefined) skipped.push(question.id);
    else rows.push(row);
  }
  return { text: stringify(rows, { header: true, columns: [...CSV_COLUMNS] }), skipped };
}

function csvRow(question: Question): Record<CsvColumn, string> | undefined {
  const row = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ""])) as Record<CsvColumn, string>;
  row.id = question.id;
  row.kind = question.kind;
  row.tags = question.tags.join(" ");
  row.difficulty = String(question.difficulty);
  row.prompt = question.prompt;
  row.explanation = question.explanation;
  row.reference = question.reference ?? "";
  row.seconds = question.seconds === undefined ? "" : String(question.seconds);
  const putOptions = (options: readonly string[], keepOrder: boolean) => {
    options.forEach((option, index) => {
      const column = OPTION_COLUMNS[index];
      if (column !== undefined) row[column] = option;
    });
    row.keep_order = keepOrder ? "yes" : "";
  };
  switch (question.kind) {
    case "choice":
      putOptions(question.options, question.keepOrder);
      row.answer = letter(question.correct);
      return row;
    case "multi":
      putOptions(question.options, question.keepOrder);
      row.answer = question.correct.map(letter).join(", ");
      return row;
    case "truefalse":
      row.answer = String(question.answer);
      return row;
    case "text":
      row.answer = joinAlternatives(question.accepted);
      row.fuzzy = question.fuzzy === undefined ? "" : String(question.fuzzy);
      return row;
    case "output":
      row.code = question.code;
      if (question.ask === "choice") {
        putOptions(question.options, question.keepOrder);
        row.answer = letter(question.correct);
      } else row.answer = question.expected;
      return row;
    case "challenge":
      return undefined;
  }
}

function letter(index: number): string {
  return OPTION_LETTERS[index] ?? String(index + 1);
}

/**
 * The pack as an Anki text import (Anki 2.1.55+ reads the `#` header lines): one Basic note per
 * question, front and back in HTML, the question id in the GUID column so importing a newer export
 * updates the notes it made before instead of adding duplicates, and the pack and topic tags in the
 * tags column. Every field is quoted, so tabs, quotes and newlines inside questions stay in their field.
 */
export function packToAnkiTsv(pack: Pack): ExportedText {
  const header = [
    "#separator:tab",
    "#html:true",
    "#notetype:Basic",
    `#deck:${oneLine(pack.title)}`,
    "#guid column:1",
    "#tags column:4",
    "#columns:guid\tFront\tBack\tTags",
  ].join("\n");
  const rows = pack.questions.map((question) => [
    question.id,
    front(question),
    back(question),
    [pack.id, ...question.tags].join(" "),
  ]);
  const body = stringify(rows, { delimiter: "\t", quoted: true, record_delimiter: "unix" });
  return { text: `${header}\n${body}`, skipped: [] };
}

function front(question: Question): string {
  const parts = [markdownToHtml(question.prompt)];
  if (question.kind === "output") parts.push(codeBlock(question.code));
  if (question.kind === "challenge") parts.push(codeBlock(question.starter));
  if ("options" in question) parts.push(optionList(question.options));
  if (question.kind === "truefalse") parts.push("<i>True or false?</i>");
  return parts.join("<br>");
}

function back(question: Question): string {
  const parts = [answerHtml(question), markdownToHtml(question.explanation)];
  if (question.reference !== undefined) {
    const url = escapeHtml(question.reference);
    parts.push(`<a href="${url}">${url}</a>`);
  }
  return parts.join("<br><br>");
}

function answerHtml(question: Question): string {
  switch (question.kind) {
    case "choice":
      return `<b>${letter(question.correct)}. ${escapeHtml(question.options[question.correct] ?? "")}</b>`;
    case "multi":
      return question.correct
        .map((index) => `<b>${letter(index)}. ${escapeHtml(question.options[index] ?? "")}</b>`)
        .join("<br>");
    case "truefalse":
      return `<b>${question.answer ? "True" : "False"}</b>`;
    case "text":
      return `<b>${question.accepted.map(escapeHtml).join(" / ")}</b>`;
    case "output":
      return question.ask === "choice"
        ? codeBlock(question.options[question.correct] ?? "")
        : codeBlock(question.expected);
    case "challenge":
      return codeBlock(question.solution);
  }
}

function optionList(options: readonly string[]): string {
  const items = options.map((option, index) => `${letter(index)}. ${escapeHtml(option)}`);
  return items.join("<br>");
}

/** Just enough Markdown for prompts: fenced code blocks, inline code, bold, line breaks. */
export function markdownToHtml(markdown: string): string {
  const pieces = markdown.trim().split(/```[a-z]*\n([\s\S]*?)```/);
  return pieces
    .map((piece, index) =>
      index % 2 === 1
        ? codeBlock(piece)
        : escapeHtml(piece.trim())
            .replace(/`([^`]+)`/g, "<code>$1</code>")
            .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
            .replace(/\n/g, "<br>"),
    )
    .filter((piece) => piece !== "")
    .join("<br>");
}

function codeBlock(code: string): string {
  return `<pre><code>${escapeHtml(code.replace(/\n+$/, "")).replace(/\n/g, "<br>")}</code></pre>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\t/g, "    ");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
