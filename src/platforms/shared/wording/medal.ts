const medals = ["🥇", "🥈", "🥉"];

/** The rank column: a medal for the top three, but only for points actually scored (0 points earns none). */
export function medal(rank: number, points: number): string {
  return (points > 0 ? medals[rank - 1] : undefined) ?? String(rank);
}
