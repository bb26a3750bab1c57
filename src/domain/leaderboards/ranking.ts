/**
 * How a leaderboard orders members. The storage computes the same order in SQL (and counts the rows
 * ahead of the caller for their rank); this module is the specification it is tested against.
 *
 * Order for each metric, best first, every step breaking the ties of the one before:
 * - points: points, accuracy, earliest to reach those points, user id
 * - accuracy: accuracy (only members with at least `minAnswers` answers qualify), points, earliest, user id
 * - answers: answers given, points, accuracy, earliest, user id
 * - streak: current streak, longest streak, points, user id
 * The user id (the internal, stable one) is last so that no two members ever share a place.
 */
export type Metric = "points" | "accuracy" | "answers" | "streak";
export const metrics: readonly Metric[] = ["points", "accuracy", "answers", "streak"];

/** Answers a member needs in the period before the accuracy board ranks them. */
export const accuracyMinimumAnswers = 10;

export interface Standing {
  readonly userId: number;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  /** When the member reached their current points. */
  readonly reachedAt: Date;
  /** Current (live) streak and longest streak in the group. */
  readonly streak: number;
  readonly longestStreak: number;
}

/**
 * Share of correct answers, 0 without answers. Computed as one floating division, exactly as the SQL
 * does: equal fractions (1/2, 2/4) give the same double, so ties agree between the two.
 */
export function accuracy(standing: Pick<Standing, "answered" | "correct">): number {
  return standing.answered === 0 ? 0 : standing.correct / standing.answered;
}

type Key = (standing: Standing) => number;
const desc =
  (key: Key) =>
  (a: Standing, b: Standing): number =>
    key(b) - key(a);
const asc =
  (key: Key) =>
  (a: Standing, b: Standing): number =>
    key(a) - key(b);

const byPoints = desc((s) => s.points);
const byAccuracy = desc(accuracy);
const byAnswered = desc((s) => s.answered);
const byEarliest = asc((s) => s.reachedAt.getTime());
const byStreak = desc((s) => s.streak);
const byLongest = desc((s) => s.longestStreak);
const byUser = asc((s) => s.userId);

const orders: Readonly<Record<Metric, readonly ((a: Standing, b: Standing) => number)[]>> = {
  points: [byPoints, byAccuracy, byEarliest, byUser],
  accuracy: [byAccuracy, byPoints, byEarliest, byUser],
  answers: [byAnswered, byPoints, byAccuracy, byEarliest, byUser],
  streak: [byStreak, byLongest, byPoints, byUser],
};

/** Negative when `a` ranks above `b` on the `metric` board. */
export function compareStandings(metric: Metric, a: Standing, b: Standing): number {
  for (const compare of orders[metric]) {
    const result = compare(a, b);
    if (result !== 0) return result;
  }
  return 0;
}

/** Whether a member appears on the `metric` board at all. */
export function qualifies(metric: Metric, standing: Standing, minAnswers: number): boolean {
  if (metric === "accuracy") return standing.answered >= minAnswers;
  if (metric === "streak") return standing.streak > 0;
  return standing.answered > 0;
}

export interface Ranked<T extends Standing> {
  readonly rank: number;
  readonly standing: T;
}

/** Every qualifying member in board order, ranks from 1. */
export function rankStandings<T extends Standing>(
  metric: Metric,
  standings: readonly T[],
  minAnswers = accuracyMinimumAnswers,
): Ranked<T>[] {
  return standings
    .filter((standing) => qualifies(metric, standing, minAnswers))
    .sort((a, b) => compareStandings(metric, a, b))
    .map((standing, index) => ({ rank: index + 1, standing }));
}
