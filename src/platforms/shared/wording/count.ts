/**
 * A number with its noun in agreement: `count(1, "question")` is "1 question", `count(3, "question")`
 * "3 questions". Every count the wording shows goes through here, so "All 1 questions" cannot come back.
 */
export function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${value} ${value === 1 ? singular : plural}`;
}

/**
 * The whole of a counted set, as a sentence opens it: "The only question", "Both questions",
 * "All 5 questions". "All 1 question" is grammatical and still reads wrong; this never says it.
 */
export function wholeOf(value: number, singular: string, plural = `${singular}s`): string {
  if (value === 1) return `The only ${singular}`;
  if (value === 2) return `Both ${plural}`;
  return `All ${count(value, singular, plural)}`;
}
