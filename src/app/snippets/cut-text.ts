/**
 * The first `max` UTF-16 code units of `text`, one fewer where the cut would fall inside a surrogate pair
 * (an emoji, say): half a pair is no text, and a platform may refuse a message that holds one.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max));
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
