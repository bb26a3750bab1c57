import { CsvError, parse } from "csv-parse/sync";
import {
  CSV_COLUMNS,
  type CsvColumn,
  OPTION_COLUMNS,
  optionIndices,
  parseDifficulty,
  parseYesNo,
  splitAlternatives,
} from "./csv-columns.js";
import type { ImportDefaults, ImportedEntry, ImportedFile } from "./imported-entry.js";

type Row = Partial<Record<CsvColumn, string>>;
type Problem = { line: number; message: string; fields?: readonly string[] };
type CellProblem = { message: string; fields: readonly string[] };
const ANSWER_FIELDS = ["answer", "answers", "accepted", "expected", "ask"];

/**
 * Reads a CSV of questions (header row first, columns of {@link CSV_COLUMNS} in any order) into pack
 * entries. Every bad row is reported with its line; a row is skipped only as far as it cannot be read,
 * so its other problems still surface when the entries are validated.
 */
export function readCsvQuestions(text: string, defaults: ImportDefaults): ImportedFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes as { record, info } (csv-parse's typing does not follow the option).
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { entries: [], problems: [{ line, message: `not valid CSV: ${error.message}` }] };
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (header === undefined) return { entries: [], problems: [{ line: 1, message: "the file is empty" }] };
  const problems: Problem[] = [];
  const columns = readHeader(header.record, problems);
  if (problems.length > 0) return { entries: [], problems };
  const entries: ImportedEntry[] = [];
  for (const { record, info } of rows) {
    const line = info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length > columns.length) {
      problems.push({ line, message: `has ${record.length} cells but the header names ${columns.length}` });
      continue;
    }
    const row: Row = {};
    columns.forEach((column, index) => {
      const cell = record[index];
      if (cell !== undefined && cell.trim() !== "") row[column] = cell.includes("\n") ? cell : cell.trim();
    });
    if (Object.keys(row).length === 0) continue;
    const read = rowToEntry(row, defaults);
    for (const problem of read.problems) problems.push({ line, ...problem });
    if (read.entry) entries.push({ line, entry: read.entry });
  }
  return { entries, problems };
}

function readHeader(cells: readonly string[], problems: Problem[]): CsvColumn[] {
  const columns: CsvColumn[] = [];
  for (const cell of cells) {
    const name = cell.trim().toLowerCase().replace(/\s+/g, "_");
    const known = (CSV_COLUMNS as readonly string[]).includes(name);
    if (!known)
      problems.push({ line: 1, message: `unknown column "${cell}" (columns: ${CSV_COLUMNS.join(", ")})` });
    else if (columns.includes(name as CsvColumn))
      problems.push({ line: 1, message: `column "${cell}" twice` });
    else columns.push(name as CsvColumn);
  }
  if (!columns.includes("prompt") && !columns.includes("code"))
    problems.push({ line: 1, message: "the header needs a prompt column" });
  return columns;
}

/** One row to the YAML shape; cells that cannot be read become problems and are left out. */
function rowToEntry(
  row: Row,
  defaults: ImportDefaults,
): { entry?: Record<string, unknown>; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const options = OPTION_COLUMNS.map((column) => row[column]).filter((cell) => cell !== undefined);
  const kind = row.kind?.toLowerCase() ?? guessKind(row, options.length);
  const entry: Record<string, unknown> = {};
  if (row.id !== undefined) entry.id = row.id;
  entry.kind = kind;
  entry.tags = row.tags === undefined ? [defaults.tag] : row.tags.split(/[\s,]+/).filter((tag) => tag !== "");
  const difficulty = row.difficulty === undefined ? defaults.difficulty : parseDifficulty(row.difficulty);
  if (difficulty === undefined)
    problems.push({
      message: `difficulty "${row.difficulty}" is not 1, 2, 3, easy, medium or hard`,
      fields: ["difficulty"],
    });
  else entry.difficulty = difficulty;
  if (row.prompt !== undefined) entry.prompt = row.prompt;
  if (row.code !== undefined) entry.code = row.code;
  if (row.explanation !== undefined) entry.explanation = row.explanation;
  if (row.reference !== undefined) entry.reference = row.reference;
  readNumber(row, "seconds", entry, problems);
  readNumber(row, "fuzzy", entry, problems);
  if (row.keep_order !== undefined) {
    const keep = parseYesNo(row.keep_order);
    if (keep === undefined)
      problems.push({ message: `keep_order "${row.keep_order}" is not yes or no`, fields: ["keep_order"] });
    else entry.keep_order = keep;
  }
  if (options.length > 0) entry.options = options;
  readAnswer(kind, row.answer, options.length, entry, problems);
  return problems.length > 0 && entry.kind === undefined ? { problems } : { entry, problems };
}

function guessKind(row: Row, optionCount: number): string {
  if (row.code !== undefined) return "output";
  if (optionCount > 0)
    return optionIndices(row.answer ?? "")?.length === 1 || !row.answer ? "choice" : "multi";
  return row.answer !== undefined && parseYesNo(row.answer) !== undefined && !/^[01]$/.test(row.answer)
    ? "truefalse"
    : "text";
}

function readNumber(
  row: Row,
  column: "seconds" | "fuzzy",
  entry: Record<string, unknown>,
  problems: CellProblem[],
) {
  const cell = row[column];
  if (cell === undefined) return;
  const value = Number(cell);
  if (Number.isFinite(value)) entry[column] = value;
  else problems.push({ message: `${column} "${cell}" is not a number`, fields: [column] });
}

/** The `answer` cell, read as the question's kind needs it. */
function readAnswer(
  kind: string,
  cell: string | undefined,
  optionCount: number,
  entry: Record<string, unknown>,
  cellProblems: CellProblem[],
): void {
  const problems = {
    push: (message: string) => cellProblems.push({ message, fields: ANSWER_FIELDS }),
  };
  if (cell === undefined) {
    if (kind !== "challenge") problems.push("answer is empty");
    return;
  }
  const indices = () => {
    const read = optionIndices(cell);
    if (read === undefined) problems.push(`answer "${cell}" is not option letters (A-F) or numbers (1-6)`);
    return read;
  };
  switch (kind) {
    case "choice": {
      const read = indices();
      if (read && read.length !== 1)
        problems.push(`answer "${cell}" names ${read.length} options; choice has one`);
      else if (read) entry.answer = read[0];
      return;
    }
    case "multi": {
      const read = indices();
      if (read) entry.answers = read;
      return;
    }
    case "truefalse": {
      const value = parseYesNo(cell);
      if (value === undefined) problems.push(`answer "${cell}" is not true or false`);
      else entry.answer = value;
      return;
    }
    case "text":
      entry.accepted = splitAlternatives(cell);
      return;
    case "output":
      if (optionCount > 0) {
        entry.ask = "choice";
        const read = indices();
        if (read && read.length === 1) entry.answer = read[0];
        else if (read)
          problems.push(`answer "${cell}" names ${read.length} options; an output question has one`);
      } else {
        entry.ask = "text";
        entry.expected = cell;
      }
      return;
    default:
      problems.push(`kind "${kind}" cannot be imported from CSV (choice, multi, truefalse, text or output)`);
  }
}
