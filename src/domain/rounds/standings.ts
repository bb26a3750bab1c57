/** One member's figures in a round, as the store sums them. */
export interface RoundStanding {
  readonly userId: number;
  readonly displayName: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  readonly totalResponseMs: number;
}

/**
 * Ranks a round's members: more points first, then more correct answers, then the smaller total
 * response time, then the lower user id, so the same answers always give the same table. Equal
 * figures on every count share a rank.
 */
export function rankStandings(rows: readonly RoundStanding[]): (RoundStanding & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) =>
      b.points - a.points ||
      b.correct - a.correct ||
      a.totalResponseMs - b.totalResponseMs ||
      a.userId - b.userId,
  );
  let rank = 0;
  return sorted.map((row, index) => {
    const previous = sorted[index - 1];
    const tied =
      previous !== undefined &&
      previous.points === row.points &&
      previous.correct === row.correct &&
      previous.totalResponseMs === row.totalResponseMs;
    if (!tied) rank = index + 1;
    return { ...row, rank };
  });
}

/** Whether a question can close before its timer: see the round engine for when each applies. */
export function closesEarly(input: {
  readonly mode: "everyone" | "first_correct";
  readonly answerWasCorrect: boolean;
  readonly answeredCount: number;
  readonly knownParticipants: number;
}): boolean {
  if (input.mode === "first_correct") return input.answerWasCorrect;
  // "Everyone present has answered": those who answered earlier questions of this round.
  return input.knownParticipants > 0 && input.answeredCount >= input.knownParticipants;
}

/** A round with no answers for this many questions in a row stops by itself. */
export const inactiveQuestionLimit = 2;
