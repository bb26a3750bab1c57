import { fnv1a, mulberry32, shuffleInPlace } from "../seeded-random.js";
import type { Question } from "./question.js";

/**
 * The order in which a round shows a question's options: `order[position]` is the pack index of the
 * option shown at `position`. The same round seed and question always give the same order, so every
 * platform, a restart and a replayed test see one layout; different questions of a round get
 * different orders because the question id is part of the seed. Questions with `keepOrder` (an option
 * such as "all of the above") keep the file's order; questions without options give `[]`.
 */
export function shuffleOptions(question: Question, seed: string): readonly number[] {
  const options = optionsOf(question);
  if (options === undefined) return [];
  const order = options.options.map((_, index) => index);
  if (options.keepOrder) return order;
  return shuffleInPlace(order, mulberry32(fnv1a(`${seed}\u0000${question.id}`)));
}

function optionsOf(question: Question): { options: readonly string[]; keepOrder: boolean } | undefined {
  switch (question.kind) {
    case "choice":
    case "multi":
      return question;
    case "output":
      return question.ask === "choice" ? question : undefined;
    default:
      return undefined;
  }
}

/** 32-bit FNV-1a: a small, well-spread hash to turn the seed text into PRNG state. */
