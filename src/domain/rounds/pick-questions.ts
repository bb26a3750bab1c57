import type { Question } from "../questions/question.js";
import { answerModeOf } from "./answer-mode.js";

export interface QuestionFilter {
  /** A pack id or a topic tag; undefined for every playable question. */
  readonly topic?: string;
}

/** Questions a round can play (challenges are graded by the runner instead) that match the filter. */
export function playableQuestions(all: readonly Question[], filter: QuestionFilter): Question[] {
  const topic = filter.topic?.trim().toLowerCase();
  return all.filter(
    (question) =>
      answerModeOf(question) !== undefined &&
      (topic === undefined || topic === "" || question.packId === topic || question.tags.includes(topic)),
  );
}

/** A deterministic sample of `count` questions for a round seed (the same seed gives the same round). */
export function pickQuestions(candidates: readonly Question[], count: number, seed: number): Question[] {
  const pool = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const random = mulberry32(seed);
  for (let last = pool.length - 1; last > 0; last -= 1) {
    const pick = Math.floor(random() * (last + 1));
    const held = pool[last] as Question;
    pool[last] = pool[pick] as Question;
    pool[pick] = held;
  }
  return pool.slice(0, Math.max(0, count));
}

/** A small, well-known 32-bit PRNG: enough for shuffling quiz questions, not for secrets. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
