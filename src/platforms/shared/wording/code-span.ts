/**
 * Text shown as inline code. A backtick inside would end the span early on every platform (Slack has no
 * double-backtick spans to fall back on), leaving the rest as stray markup; it is shown as ˋ (U+02CB),
 * which reads the same. A span cannot cross lines either, so line breaks show as ↵. Nothing to show
 * gives no span at all: "``" renders as two backticks.
 */
export function codeSpan(text: string): string {
  const inner = text
    .replaceAll("`", "\u02cb")
    .replace(/\s*\n\s*/g, " ↵ ")
    .trim();
  return inner === "" ? "" : `\`${inner}\``;
}
