import type { LeaderboardPicture, Picture } from "../../../src/domain/ports/picture-renderer.js";

/*
 * One fixed picture of each kind: the golden images, the README's screenshots and the bench draw these,
 * so a change in drawing shows up as a changed golden file in review.
 */

const names = [
  "Ada",
  "Grace",
  "محمد",
  "Linus",
  "Zoë",
  "Émile",
  "Barbara Liskov-Featherstonehaugh",
  "Ken",
  "Priya",
  "Jo",
];

export const sampleLeaderboard: LeaderboardPicture = {
  kind: "leaderboard",
  title: "🏆 Leaderboard: this channel, this week (2026-W49)",
  subtitle: "Ranked by points.",
  rows: names.map((name, index) => ({
    rank: String(index + 1),
    ...(index < 3 ? { medal: (index + 1) as 1 | 2 | 3 } : {}),
    name,
    value: 1480 - index * 127,
    valueText: String(1480 - index * 127),
    detail: `${92 - index * 3}% correct · ${40 - index * 2} answers`,
    streak: index % 3 === 2 ? 0 : 12 - index,
    highlighted: index === 4,
  })),
  empty: "No answers here yet for this week.",
  footer: "Ties: points, then accuracy, then who reached the score first · days in Europe/Berlin",
};

export const sampleLeaderboardWithCaller: LeaderboardPicture = {
  ...sampleLeaderboard,
  rows: sampleLeaderboard.rows.map((row) => ({ ...row, highlighted: false })),
  callerRow: {
    rank: "23",
    name: "Margaret",
    value: 310,
    valueText: "310",
    detail: "61% correct · 9 answers",
    streak: 2,
    highlighted: true,
  },
};

/** Every kind drawn so far, by the name its golden file and screenshot carry. */
export const samplePictures: Readonly<Record<string, Picture>> = {
  leaderboard: sampleLeaderboard,
};
