/**
 * Deterministic randomness for quiz layout: the same seed gives the same round on every process and in
 * every test. Not for anything secret.
 */

/** FNV-1a: a 32-bit hash that turns a text seed into a number. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mulberry32: a tiny seeded PRNG returning numbers in [0, 1). */
export function mulberry32(state: number): () => number {
  let current = state;
  return () => {
    current = (current + 0x6d2b79f5) | 0;
    let t = Math.imul(current ^ (current >>> 15), 1 | current);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates: every permutation equally likely for a uniform source. Shuffles `items` in place. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let last = items.length - 1; last > 0; last -= 1) {
    const pick = Math.floor(random() * (last + 1));
    const held = items[last] as T;
    items[last] = items[pick] as T;
    items[pick] = held;
  }
  return items;
}
