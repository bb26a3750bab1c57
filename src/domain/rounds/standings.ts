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

/**
 * Whether a question of an interactive round can close before its timer. In first-correct mode the first
 * right answer closes it. In everyone mode it closes once everyone present has answered, where "present"
 * is everyone who answered any question of the round. On the first question nobody has yet, so nothing
 * tells a member playing alone from the first of several: it runs its time (a rule that counted the
 * starter and the first question's answerers as present cut off slower members of groups of three or
 * more, and cost the answer path two queries per answer; see issue 15).
 */
export function closesEarly(input: {
  readonly mode: "everyone" | "first_correct";
  readonly answerWasCorrect: boolean;
  readonly answeredCount: number;
  readonly knownParticipants: number;
  readonly firstQuestion: boolean;
}): boolean {
  if (input.mode === "first_correct") return input.answerWasCorrect;
  if (input.firstQuestion) return false;
  return input.knownParticipants > 0 && input.answeredCount >= input.knownParticipants;
}

/** A round with no answers for this many questions in a row stops by itself. */
export const inactiveQuestionLimit = 2;
