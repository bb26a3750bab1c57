import type { Card, Grade } from "ts-fsrs";
import { Rating } from "ts-fsrs";
import { mulberry32 } from "../seeded-random.js";
import { newReviewCard, type ReviewCard, scheduler, toFsrs } from "./review-card.js";

/** The retentions `/review settings` compares. */
export const workloadRetentions: readonly number[] = [0.8, 0.85, 0.9, 0.95];
export const workloadDays = 30;
/** How often a first sight of a new card is recalled in the simulation (the rest are graded Again). */
const newCardRecall = 0.75;

export interface WorkloadInput {
  /** The member's cards as they are now. */
  readonly cards: readonly ReviewCard[];
  /** The member's FSRS weights; absent: the defaults. */
  readonly weights?: readonly number[];
  readonly newPerDay: number;
  /** New cards still to introduce (questions the member has not seen). */
  readonly newAvailable: number;
  readonly start: Date;
  /** Seeds the simulated recalls: the same for every retention, so the rows differ only by retention. */
  readonly seed: number;
}

/**
 * Reviews per day for the next `workloadDays` days if the member kept `retention`: every due card is
 * reviewed on its day (same-day learning steps included), recalled with the probability FSRS gives it and
 * graded Good when recalled, Again when not; new cards come in at the member's daily limit. A Monte Carlo
 * run with a fixed seed, so the same member sees the same table until their cards change.
 */
export function simulateWorkload(input: WorkloadInput, retention: number): number[] {
  const random = mulberry32(input.seed);
  const fsrs = scheduler(retention, input.weights, false);
  const dayMs = 86_400_000;
  const cards: Card[] = input.cards.map(toFsrs);
  let newLeft = input.newAvailable;
  const perDay: number[] = [];
  for (let day = 0; day < workloadDays; day += 1) {
    const dayStart = input.start.getTime() + day * dayMs;
    const dayEnd = dayStart + dayMs;
    const fresh = Math.min(input.newPerDay, newLeft);
    newLeft -= fresh;
    for (let i = 0; i < fresh; i += 1) cards.push(toFsrs(newReviewCard(new Date(dayStart))));
    let reviews = 0;
    // Learning steps bring a card back the same day: review until nothing more falls due today.
    for (let pass = 0, found = true; found && pass < 10; pass += 1) {
      found = false;
      for (let i = 0; i < cards.length; i += 1) {
        const card = cards[i];
        if (!card || card.due.getTime() >= dayEnd) continue;
        const at = new Date(Math.max(dayStart, card.due.getTime()));
        const recall = card.state === 0 ? newCardRecall : fsrs.get_retrievability(card, at, false);
        const grade: Grade = random() < recall ? Rating.Good : Rating.Again;
        cards[i] = fsrs.next(card, at, grade).card;
        reviews += 1;
        found = true;
      }
    }
    perDay.push(reviews);
  }
  return perDay;
}
