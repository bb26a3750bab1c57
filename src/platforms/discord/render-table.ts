import type { Block } from "../shared/rich-message.js";

type TableBlock = Extract<Block, { type: "table" }>;

/**
 * Lays a table out as aligned plain text for a code block: Discord embeds have no tables, and inline
 * fields wrap unpredictably on phones, while a monospaced block looks the same everywhere.
 */
export function renderTable(table: TableBlock): string {
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...table.rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    widths
      .map((width, index) => {
        const cell = cells[index] ?? "";
        return table.numeric.includes(index) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  return [line(table.columns), rule, ...table.rows.map(line)].join("\n");
}
