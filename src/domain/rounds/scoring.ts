/**
 * Points for one answer. A correct answer earns 100 points plus a speed bonus of up to 50 that shrinks
 * linearly to 0 over the question's time:
 *
 *     points = correct ? 100 + round(50 × max(0, 1 − responseMs / (seconds × 1000))) : 0
 *
 * A wrong answer earns nothing, so guessing fast never pays. Pure: the response time is measured by the
 * caller from instants it was given.
 */
export const basePoints = 100;
export const maxSpeedBonus = 50;

export function pointsFor(answer: { correct: boolean; responseMs: number; seconds: number }): number {
  if (!answer.correct) return 0;
  const limitMs = answer.seconds * 1000;
  const remaining = limitMs <= 0 ? 0 : Math.max(0, 1 - Math.max(0, answer.responseMs) / limitMs);
  return basePoints + Math.round(maxSpeedBonus * remaining);
}

/** Milliseconds from the question opening to the answer's receipt, never negative. */
export function responseTime(openedAt: Date, receivedAt: Date): number {
  return Math.max(0, receivedAt.getTime() - openedAt.getTime());
}
