/** Reading what the console printed: private acks and the round summary's rows. */

/** Members whose answer the console acknowledged (the private "✅ Correct" / "❌ Not quite" line). */
export function ackedMembers(stdout: string): string[] {
  return [...stdout.matchAll(/\(only (\S+) sees this\) (?:✅|❌)/g)].map((match) => match[1] ?? "");
}

export interface SummaryRow {
  readonly name: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
}

/** The rows of the last "Round over" table printed, e.g. `🥇  m1   149  1/1`. */
export function summaryRows(stdout: string): SummaryRow[] {
  const start = stdout.lastIndexOf("== Round over ==");
  if (start < 0) return [];
  const rows: SummaryRow[] = [];
  for (const line of stdout.slice(start).split("\n").slice(1)) {
    const match = /^\S+\s+(\S+)\s+(-?\d+)\s+(\d+)\/(\d+)\s*$/u.exec(line.trim());
    if (match) {
      rows.push({
        name: match[1] ?? "",
        points: Number(match[2]),
        correct: Number(match[3]),
        answered: Number(match[4]),
      });
    }
  }
  return rows;
}
