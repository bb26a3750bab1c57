/**
 * The CSV layout of `quizbot pack import` and `quizbot pack export --format csv` (docs/pack-format.md,
 * "CSV columns"): one row per question, a header row naming the columns in any order. Spreadsheet
 * friendly: options in columns of their own, answers as letters, lists joined with `|` or commas.
 */
export const CSV_COLUMNS = [
  "id",
  "kind",
  "tags",
  "difficulty",
  "prompt",
  "code",
  "option1",
  "option2",
  "option3",
  "option4",
  "option5",
  "option6",
  "answer",
  "explanation",
  "fuzzy",
  "keep_order",
  "reference",
  "seconds",
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const OPTION_COLUMNS = CSV_COLUMNS.filter((column) => column.startsWith("option"));

export const OPTION_LETTERS = "ABCDEF";

/** `a | b \| c` -> `["a", "b | c"]`: accepted answers in one cell; `\|` is a bar inside an answer. */
export function splitAlternatives(cell: string): string[] {
  return cell
    .split(/(?<!\\)\|/)
    .map((part) => part.replaceAll("\\|", "|").trim())
    .filter((part) => part !== "");
}

/** The reverse of {@link splitAlternatives}. */
export function joinAlternatives(answers: readonly string[]): string {
  return answers.map((answer) => answer.replaceAll("|", "\\|")).join(" | ");
}

/** Option letters (`A`, `c`) or 1-based numbers (`2`) to zero-based indices; undefined for anything else. */
export function optionIndices(cell: string): number[] | undefined {
  const parts = cell
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const indices: number[] = [];
  for (const part of parts) {
    const letter = OPTION_LETTERS.indexOf(part.toUpperCase());
    if (part.length === 1 && letter >= 0) indices.push(letter);
    else if (/^[1-6]$/.test(part)) indices.push(Number(part) - 1);
    else return undefined;
  }
  return indices.length > 0 ? indices : undefined;
}

/** `easy|medium|hard` or `1|2|3`. */
export function parseDifficulty(cell: string): 1 | 2 | 3 | undefined {
  const words: Record<string, 1 | 2 | 3> = { "1": 1, "2": 2, "3": 3, easy: 1, medium: 2, hard: 3 };
  return words[cell.trim().toLowerCase()];
}

/** `true/false`, `yes/no`, `t/f`, `y/n`, `1/0`; undefined for anything else. */
export function parseYesNo(cell: string): boolean | undefined {
  const value = cell.trim().toLowerCase();
  if (["true", "yes", "t", "y", "1"].includes(value)) return true;
  if (["false", "no", "f", "n", "0"].includes(value)) return false;
  return undefined;
}
