import { cutText } from "./cut-text.js";

export interface InlineOutputOptions {
  readonly maxLines: number;
  readonly maxChars: number;
}

export interface NumberedLine {
  readonly number: number;
  readonly text: string;
}

export interface InlineOutput {
  readonly lines: readonly NumberedLine[];
  /** Lines or characters were left out; the adapter says so and may attach the full text. */
  readonly truncated: boolean;
  readonly totalLines: number;
}

/** Chat limits that keep a reply readable (Discord's message cap is 2,000 characters). */
export const defaultInlineOutput: InlineOutputOptions = { maxLines: 15, maxChars: 1500 };

/**
 * The first lines of a program's output, numbered, within both a line and a character budget.
 * A line longer than what is left of the budget is cut (never inside a character). A final newline does
 * not count as an empty line.
 */
export function inlineOutput(text: string, options: InlineOutputOptions = defaultInlineOutput): InlineOutput {
  const all = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const lines: NumberedLine[] = [];
  let chars = 0;
  let truncated = all.length > options.maxLines;
  for (const [index, line] of all.slice(0, options.maxLines).entries()) {
    const room = options.maxChars - chars;
    if (room <= 0) {
      truncated = true;
      break;
    }
    const kept = cutText(line, room);
    if (kept.length < line.length) truncated = true;
    lines.push({ number: index + 1, text: kept });
    chars += kept.length;
  }
  return { lines, truncated, totalLines: all.length };
}
