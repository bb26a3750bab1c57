/** Members get at least this long to answer a daily question, however close the next post is. */
export const minimumWindowMinutes = 10;
/** Closer posts than this are refused: a channel is a study group, not a ticker. */
export const minimumSpacingMinutes = 10;

/**
 * When a slot's questions close: `closeBeforeNextMinutes` before the next slot, but never sooner than
 * ten minutes after the post. A schedule with no next slot keeps the window a day long.
 */
export function answerClosesAt(slot: Date, next: Date | undefined, closeBeforeNextMinutes: number): Date {
  const earliest = slot.getTime() + minimumWindowMinutes * 60_000;
  const wanted = next ? next.getTime() - closeBeforeNextMinutes * 60_000 : slot.getTime() + 86_400_000;
  return new Date(Math.max(earliest, wanted));
}
