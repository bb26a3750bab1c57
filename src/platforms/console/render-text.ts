import { escapedMarkup, unescapeMarkdown } from "../shared/markdown-escape.js";
import type { Block, RichMessage } from "../shared/rich-message.js";

export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  tone(tone: RichMessage["tone"], text: string): string;
  code(text: string): string;
}

export const plainStyle: TextStyle = {
  bold: (text) => text,
  dim: (text) => text,
  tone: (_tone, text) => text,
  code: (text) => text,
};

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const colourStyle: TextStyle = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  code: ansi(36, 39),
  tone: (tone, text) => {
    const colour = { info: 34, success: 32, warning: 33, danger: 31, neutral: 0 }[tone];
    return colour ? ansi(colour, 39)(text) : text;
  },
};

/** A rich message as terminal text: markdown emphasis resolved, code indented, tables aligned. */
export function renderText(message: RichMessage, style: TextStyle): string {
  const lines: string[] = [];
  if (message.title)
    lines.push(style.tone(message.tone, style.bold(`== ${unescapeMarkdown(message.title)} ==`)));
  for (const block of message.blocks) lines.push(...renderBlock(block, style));
  const buttonRows = message.buttons ?? [];
  const buttons = buttonRows.flat().filter((button) => !button.key);
  if (buttons.length > 0) {
    lines.push(
      buttons
        .map((button, index) => {
          const label = `[!${index + 1}] ${button.label}`;
          return button.disabled ? style.dim(label) : style.bold(label);
        })
        .join("  "),
    );
  }
  if (message.attachment) {
    lines.push(style.dim(`--- ${message.attachment.filename} ---`), message.attachment.content);
  }
  if (message.footer) lines.push(style.dim(markdownToText(message.footer, plainStyle)));
  return lines.join("\n");
}

function renderBlock(block: Block, style: TextStyle): string[] {
  switch (block.type) {
    case "text":
      return [markdownToText(block.markdown, style)];
    case "code":
      return block.code
        .replace(/\n+$/, "")
        .split("\n")
        .map((line) => style.code(`  │ ${line}`));
    case "fields":
      return block.fields.map(
        (field) =>
          `${style.bold(`${markdownToText(field.name, plainStyle)}:`)} ${markdownToText(field.value, style)}`,
      );
    case "table":
      return renderTable(block.columns, block.rows, block.numeric, style);
  }
}

function renderTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[],
  style: TextStyle,
): string[] {
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column), ...rows.map((row) => displayWidth(row[index] ?? ""))),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, index) => {
        const pad = (widths[index] ?? 0) - displayWidth(cell);
        return numeric.includes(index) ? " ".repeat(pad) + cell : cell + " ".repeat(pad);
      })
      .join("  ")
      .trimEnd();
  return [style.bold(format(columns)), ...rows.map(format)];
}

/** Emoji such as medals take two terminal cells. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
  return width;
}

function markdownToText(markdown: string, style: TextStyle): string {
  const lines: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\n+$/, "").split("\n")) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      lines.push(style.code(`  │ ${line}`));
      continue;
    }
    lines.push(inlineMarkdown(line, style));
  }
  return lines.join("\n");
}

/**
 * One line's emphasis and code resolved. Code is lifted out first, so nothing inside it is read as markup;
 * then escaped characters (a member's name: markdown-escape.ts), so they never pair into bold, and come
 * back as the characters themselves.
 */
function inlineMarkdown(line: string, style: TextStyle): string {
  const code: string[] = [];
  const escaped: string[] = [];
  return line
    .replace(/`([^`]+)`/g, (_, text: string) => {
      code.push(style.code(text));
      return `\uE001${code.length - 1}\uE001`;
    })
    .replace(escapedMarkup, (_, char: string) => {
      escaped.push(char);
      return `\uE002${escaped.length - 1}\uE002`;
    })
    .replace(/\*\*(.+?)\*\*/g, (_, text: string) => style.bold(text))
    .replace(/\uE002(\d+)\uE002/g, (_, index: string) => escaped[Number(index)] ?? "")
    .replace(/\uE001(\d+)\uE001/g, (_, index: string) => code[Number(index)] ?? "");
}
