const zeroWidthSpace = "\u200b";

/**
 * Program output made safe to echo into chat: it cannot close or open a code fence (a zero-width
 * space between backticks) nor ping anyone (`@everyone`, `@here`, Discord `<@id>`, `<@&role>`,
 * Slack `<!channel>`, `<@U123>`, `<!subteam^ID>`). The text reads the same to a person.
 *
 * NUL characters go first: nobody can see one, and a platform or client that drops them would join what
 * they kept apart, so `@\0everyone` or three backticks split by NUL would ping or open a fence after all.
 * A lone surrogate (half of a UTF-16 pair) becomes U+FFFD: it is no text, and a platform may refuse it.
 */
export function neutraliseForChat(text: string): string {
  return text
    .replaceAll("\u0000", "")
    .replace(/\p{Cs}/gu, "\uFFFD")
    .replace(/``/g, `\`${zeroWidthSpace}\``)
    .replace(/``/g, `\`${zeroWidthSpace}\``)
    .replace(/@(everyone|here|channel)\b/gi, `@${zeroWidthSpace}$1`)
    .replace(/<([@!])/g, `<${zeroWidthSpace}$1`);
}

/**
 * Every string in a view, through arrays and plain objects (keys too: an exploration's values are keyed
 * by the member's own names). Anything else (a date, a file's bytes) is left as it is.
 */
export function neutraliseStrings<T>(value: T): T {
  if (typeof value === "string") return neutraliseForChat(value) as T;
  if (Array.isArray(value)) return value.map(neutraliseStrings) as T;
  if (value !== null && typeof value === "object" && isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [neutraliseForChat(key), neutraliseStrings(inner)]),
    ) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
