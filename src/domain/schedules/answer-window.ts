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

/** How late a post may be and still count as on time: the scheduler's tick is once a minute. */
export const onTimeToleranceMs = 60_000;

/**
 * When the questions of a slot posted at `postedAt` close, or `undefined` when the slot is to be skipped.
 * On time, that is `answerClosesAt`. A late post (a restart, an outage) still gets the ten minutes the
 * schedule promises: its window is stretched to ten minutes from the post, unless that would reach the
 * next post, and then the slot is skipped rather than posted with minutes or seconds left. A slot whose
 * window has closed altogether is skipped too.
 */
export function closesAtWhenPosted(
  slot: Date,
  next: Date | undefined,
  closeBeforeNextMinutes: number,
  postedAt: Date,
): Date | undefined {
  const closes = answerClosesAt(slot, next, closeBeforeNextMinutes);
  if (postedAt.getTime() >= closes.getTime()) return undefined;
  const minimum = postedAt.getTime() + minimumWindowMinutes * 60_000;
  if (closes.getTime() >= minimum - onTimeToleranceMs) return closes;
  if (next && minimum > next.getTime()) return undefined;
  return new Date(minimum);
}
