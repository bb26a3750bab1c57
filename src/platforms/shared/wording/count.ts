/**
 * A number with its noun in agreement: `count(1, "question")` is "1 question", `count(3, "question")`
 * "3 questions". Every count the wording shows goes through here, so "All 1 questions" cannot come back.
 */
export function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${value} ${value === 1 ? singular : plural}`;
}
