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
 * right answer closes it. In everyone mode it closes once everyone present has answered: `present` is how
 * many members are taken to be here and `presentAnswered` how many of them answered this question (see
 * `presentAtFirstQuestion` for question 1; later, everyone who answered any question of the round). When
 * nobody is known to be present the question runs its time.
 */
export function closesEarly(input: {
  readonly mode: "everyone" | "first_correct";
  readonly answerWasCorrect: boolean;
  readonly presentAnswered: number;
  readonly present: number;
}): boolean {
  if (input.mode === "first_correct") return input.answerWasCorrect;
  return input.present > 0 && input.presentAnswered >= input.present;
}

/**
 * Who counts as present on an everyone round's first question, before anyone has answered: the members
 * of the channel's previous round, and the starter. Without a previous round nothing tells a member
 * playing alone from the first of several (counting only the starter and whoever answered so far closed
 * the question after the starter and one other, cutting off slower members: issue 15), so nobody is
 * taken as present and question 1 runs its time. Someone absent since the previous round keeps it open
 * to its timer too; from question 2 on, presence is what this round's answers show.
 */
export function presentAtFirstQuestion(
  previousRoundMembers: readonly number[],
  starter: number | null,
): readonly number[] {
  if (previousRoundMembers.length === 0) return [];
  const present = new Set(previousRoundMembers);
  if (starter !== null) present.add(starter);
  return [...present];
}

/** A round with no answers for this many questions in a row stops by itself. */
export const inactiveQuestionLimit = 2;
