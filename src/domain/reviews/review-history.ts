import type { ReviewGrade } from "./grading.js";

/** One grading from the review log, as the fitter needs it. */
export interface GradingRecord {
  /** Which card: the same member and question. */
  readonly cardKey: string;
  readonly rating: ReviewGrade;
  /** The member's local date of the grading, YYYY-MM-DD: FSRS counts intervals in whole days. */
  readonly localDate: string;
  readonly at: Date;
}

/** A review within a card's history: its grade and the whole days since the card's previous review. */
export interface HistoryStep {
  readonly rating: ReviewGrade;
  readonly deltaDays: number;
}

/**
 * A card's reviews up to and including one of them (fsrs-rs's `FSRSItem`): the earlier steps give the
 * memory state, the last step is the recall to predict. `at` is when that last review happened.
 */
export interface ReviewHistory {
  readonly steps: readonly HistoryStep[];
  readonly at: Date;
}

/**
 * Every card's history, one entry per review after its first (the first review of a card has nothing to
 * predict it from). The first step's delta is 0, as fsrs-rs requires.
 */
export function historiesOf(records: readonly GradingRecord[]): ReviewHistory[] {
  const byCard = new Map<string, GradingRecord[]>();
  for (const record of records) {
    const list = byCard.get(record.cardKey);
    if (list) list.push(record);
    else byCard.set(record.cardKey, [record]);
  }
  const histories: ReviewHistory[] = [];
  for (const list of byCard.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    const steps: HistoryStep[] = [];
    let previous: string | undefined;
    for (const record of list) {
      steps.push({
        rating: record.rating,
        deltaDays: previous === undefined ? 0 : daysBetween(previous, record.localDate),
      });
      previous = record.localDate;
      if (steps.length > 1) histories.push({ steps: [...steps], at: record.at });
    }
  }
  return histories.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * A time-series split: the latest `testShare` of the histories (by when their predicted review happened)
 * are held out, the earlier ones train. Parameters are judged on reviews that came after everything they
 * were fitted on, as they will be used.
 */
export function timeSeriesSplit(
  histories: readonly ReviewHistory[],
  testShare: number,
): { readonly train: ReviewHistory[]; readonly test: ReviewHistory[] } {
  const sorted = [...histories].sort((a, b) => a.at.getTime() - b.at.getTime());
  const cut = Math.round(sorted.length * (1 - testShare));
  return { train: sorted.slice(0, cut), test: sorted.slice(cut) };
}

function daysBetween(from: string, to: string): number {
  return Math.max(
    0,
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000),
  );
}
