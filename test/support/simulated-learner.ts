import {
  type Card,
  createEmptyCard,
  default_w,
  forgetting_curve,
  fsrs,
  generatorParameters,
  Rating,
} from "ts-fsrs";
import type { ReviewGrade } from "../../src/domain/reviews/grading.js";
import type { GradingRecord } from "../../src/domain/reviews/review-history.js";

/**
 * A learner whose memory follows FSRS-6 with known weights far from the defaults: first memories are
 * weaker and recall after a lapse is harder. Everything the fitter should discover from their log.
 */
export const learnerWeights: readonly number[] = (() => {
  const w = [...default_w];
  w[0] = 0.08;
  w[1] = 0.3;
  w[2] = 0.7;
  w[3] = 3.5;
  // Stability grows more slowly after a success than the defaults assume, and the curve falls faster.
  w[8] = 1.0;
  w[11] = 1.2;
  w[20] = 0.4;
  return w;
})();

export interface LearnerOptions {
  readonly seed: number;
  readonly cards: number;
  readonly newPerDay: number;
  readonly days: number;
  readonly start: Date;
  /** Prefix of the card keys, so two learners' logs can be pooled. */
  readonly cardPrefix?: string;
  readonly weights?: readonly number[];
}

/** mulberry32: a tiny seeded generator, so a simulated history is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Simulates the learner reviewing under the default scheduler (retention 0.9, whole-day intervals): on
 * each day every due card is reviewed; it is recalled with the probability the learner's true memory
 * gives, graded Again when forgotten and mostly Good (sometimes Hard or Easy) when recalled.
 */
export function simulateLearner(options: LearnerOptions): GradingRecord[] {
  const random = seededRandom(options.seed);
  const truth = fsrs(
    generatorParameters({
      w: [...(options.weights ?? learnerWeights)],
      learning_steps: [],
      relearning_steps: [],
      enable_fuzz: false,
    }),
  );
  const scheduler = fsrs(
    generatorParameters({ learning_steps: [], relearning_steps: [], enable_fuzz: false }),
  );
  const trueDecay = (options.weights ?? learnerWeights)[20] ?? 0.1542;
  const cards: { key: string; scheduled: Card; memory: Card }[] = [];
  const records: GradingRecord[] = [];
  const dayMs = 86_400_000;
  for (let day = 0; day < options.days; day += 1) {
    const morning = new Date(options.start.getTime() + day * dayMs);
    for (let i = 0; i < options.newPerDay && cards.length < options.cards; i += 1) {
      const key = `${options.cardPrefix ?? "c"}${cards.length}`;
      cards.push({ key, scheduled: createEmptyCard(morning), memory: createEmptyCard(morning) });
    }
    let minute = 0;
    for (const card of cards) {
      if (card.scheduled.due.getTime() >= morning.getTime() + dayMs) continue;
      const at = new Date(morning.getTime() + minute * 60_000);
      minute += 1;
      const rating = gradeOf(card.memory, at, trueDecay, random);
      card.memory = truth.next(card.memory, at, rating).card;
      card.scheduled = scheduler.next(card.scheduled, at, rating).card;
      records.push({
        cardKey: card.key,
        rating: rating as ReviewGrade,
        localDate: at.toISOString().slice(0, 10),
        at,
      });
    }
  }
  return records;
}

function gradeOf(
  memory: Card,
  at: Date,
  decay: number,
  random: () => number,
): Rating.Again | Rating.Hard | Rating.Good | Rating.Easy {
  if (memory.state === 0 || !memory.last_review) {
    const roll = random();
    return roll < 0.3 ? Rating.Again : roll < 0.4 ? Rating.Hard : roll < 0.9 ? Rating.Good : Rating.Easy;
  }
  const elapsed = Math.max(0, Math.round((at.getTime() - memory.last_review.getTime()) / 86_400_000));
  const recall = forgetting_curve(decay, elapsed, memory.stability);
  if (random() >= recall) return Rating.Again;
  const roll = random();
  return roll < 0.1 ? Rating.Hard : roll < 0.95 ? Rating.Good : Rating.Easy;
}
