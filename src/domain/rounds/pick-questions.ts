import type { Question } from "../questions/question.js";
import { mulberry32, shuffleInPlace } from "../seeded-random.js";
import { answerModeOf } from "./answer-mode.js";

export interface QuestionFilter {
  /** A pack id, a topic tag, or "challenges"; undefined for every playable question. */
  readonly topic?: string;
  /** Challenges need the sandboxed runner; without one they are left out. */
  readonly challenges: boolean;
}

/**
 * Questions a round can play that match the filter. Challenges take minutes rather than seconds, so a
 * mixed round leaves them out: they are played when asked for by name (`/quiz start challenges`), by a
 * challenge's own tag, or by its id.
 */
export function playableQuestions(all: readonly Question[], filter: QuestionFilter): Question[] {
  const topic = filter.topic?.trim().toLowerCase();
  const wantsChallenges = topic === "challenges" || topic === "challenge";
  return all.filter((question) => {
    if (answerModeOf(question) === undefined) return false;
    if (question.kind === "challenge") {
      return (
        filter.challenges &&
        (wantsChallenges || (topic !== undefined && (question.id === topic || question.tags.includes(topic))))
      );
    }
    if (wantsChallenges) return false;
    return topic === undefined || topic === "" || question.packId === topic || question.tags.includes(topic);
  });
}

/** A deterministic sample of `count` questions for a round seed (the same seed gives the same round). */
export function pickQuestions(candidates: readonly Question[], count: number, seed: number): Question[] {
  const pool = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return shuffleInPlace(pool, mulberry32(seed)).slice(0, Math.max(0, count));
}
