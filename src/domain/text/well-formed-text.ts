/**
 * Text as every part of the bot can carry it: CPython, a UTF-8 file, a chat message and PostgreSQL, which
 * refuses NUL in `text` and `jsonb` and refuses a lone surrogate as a `jsonb` escape. A NUL is dropped
 * (nobody can see it, and it carries no meaning in an answer, a name or code); a lone surrogate (half of a
 * UTF-16 pair, as a cut-off message can leave) becomes U+FFFD, which is what UTF-8 makes of it anyway.
 * Member text is made well formed before it is judged, run or stored, so what is judged is what is kept.
 */
export function wellFormedText(text: string): string {
  return text.replaceAll("\u0000", "").replace(/\p{Cs}/gu, "\uFFFD");
}
