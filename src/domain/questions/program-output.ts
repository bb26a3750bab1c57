import { straightenQuotes } from "./text-answer.js";

/**
 * Output as the pack and the test suite compare it: trailing whitespace on every line and blank lines
 * at the end do not count. Everything else, case included, does: Python prints `True`, not `true`.
 */
export function normaliseProgramOutput(output: string): string {
  return output
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trimEnd();
}

/**
 * A member's typed guess at a program's output, compared with the real one. Chat clients make exact
 * layout hard to type, so on top of {@link normaliseProgramOutput} a wrapping code fence or backticks
 * are dropped, curly quotes are straightened and any run of whitespace (line breaks included) counts
 * as one space: "1 2 3" answers a program that prints 1, 2 and 3 on separate lines. Case still counts.
 */
export function programOutputMatches(reply: string, expected: string): boolean {
  return layoutFree(reply) === layoutFree(expected);
}

function layoutFree(text: string): string {
  let result = straightenQuotes(normaliseProgramOutput(text)).trim();
  const fenced = /^```[\w-]*\n?([\s\S]*?)\n?```$/.exec(result) ?? /^`([^`]*)`$/.exec(result);
  if (fenced?.[1] !== undefined) result = fenced[1];
  return result.replace(/\s+/g, " ").trim();
}
