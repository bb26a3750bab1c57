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
  const random = mulberry32(fnv1a(`${seed}\u0000${question.id}`));
  // Fisher-Yates: every permutation is equally likely for a uniform source.
  for (let last = order.length - 1; last > 0; last -= 1) {
    const pick = Math.floor(random() * (last + 1));
    const held = order[last] as number;
    order[last] = order[pick] as number;
    order[pick] = held;
  }
  return order;
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
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mulberry32: a tiny seeded PRNG; plenty for shuffling six options, not for secrets. */
function mulberry32(state: number): () => number {
  let current = state;
  return () => {
    current = (current + 0x6d2b79f5) | 0;
    let t = Math.imul(current ^ (current >>> 15), 1 | current);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
