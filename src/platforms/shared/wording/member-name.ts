import { escapeMarkdown } from "../markdown-escape.js";

/**
 * A member's display name inside the wording, shown as they wrote it: `__x__`, `*bold*`, `~`, `<@123>` or
 * `<!channel>` in a name must neither format the text around it nor mention anyone. Markup characters are
 * escaped (see markdown-escape.ts); a backtick, which no escape protects on every platform (Slack has
 * none, and a code span ends at it), shows as ˋ (U+02CB), as in `codeSpan`.
 */
export function memberName(name: string): string {
  return escapeMarkdown(cellName(name));
}

/** A name in a table cell: tables are set in code blocks, which only a backtick could break out of. */
export function cellName(name: string): string {
  return name.replaceAll("`", "\u02cb");
}
