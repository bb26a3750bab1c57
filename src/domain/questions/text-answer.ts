import { distance } from "fastest-levenshtein";
import { PYTHON_NAMES } from "./python-names.js";

/**
 * How a typed answer is matched against one accepted answer. The rules, in order:
 *
 * 1. Both sides are normalised: Unicode NFKC, curly quotes become straight ones (phones insert them),
 *    lower case, runs of whitespace become one space, surrounding spaces go, and so do wrapping
 *    backticks (chat code formatting), trailing `.`/`!`/`?` and one trailing `()`. So `Task_Done()`,
 *    "task_done" and "`task_done()`." are the same answer; authors need not list both spellings.
 * 2. Equal after normalising: `exact`.
 * 3. Otherwise the accepted answer may stand inside a short sentence (`words`): split both sides into
 *    words at spaces, trim `, ; : . ! ?` and quotes from each word's ends and drop a trailing `()`;
 *    the accepted words must appear as a contiguous run of whole words, and the rest of the reply
 *    must be at most {@link MAX_EXTRA_WORDS} filler words ({@link FILLER_WORDS}: "the answer is",
 *    "I think it's"). Any other word may be a competing answer, so "io or cpu", "RuntimeError,
 *    ValueError", "14", "4.5", "1 2 3 4" (a list of guesses) and "not 4" are all wrong.
 * 4. Otherwise, when the question allows typos (`fuzzy`, a share of the accepted answer's length), the
 *    whole normalised reply may be that many Levenshtein edits away (`typo`), as long as its digits are
 *    the same as the answer's (a slip in a number is a different number) and the reply is not itself
 *    another real name (a Python name or a code name in the question's prompt, whole or its last dotted
 *    part): `setswitchinterval` is a different function, not a typo of `getswitchinterval`.
 */
export type TextMatch = "exact" | "words" | "typo";

/** Extra prose words tolerated around an accepted answer ("I think it is ..."). */
export const MAX_EXTRA_WORDS = 4;

/**
 * Words that may stand around an answer without changing it. Anything else could be a second answer
 * ("io or cpu") or a negation ("not 4"), so it makes the reply wrong.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the answer answers is it it's its i i'd think guess believe would be should must that that's this " +
    "say use uses using call calls calling called method function you we need needs one to by with it'd " +
    "so just sure my final value result returns return prints print raises raise type exception here there"
  ).split(" "),
);

/** Curly quotes (and primes) as phones and word processors type them, mapped to ASCII quotes. */
export function straightenQuotes(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"');
}

/** The normal form of rule 1 above. */
export function normaliseTextAnswer(text: string): string {
  let result = straightenQuotes(text.normalize("NFKC")).toLowerCase().replace(/\s+/g, " ").trim();
  const unwrapped = /^`+([^`]*)`+$/.exec(result);
  if (unwrapped?.[1] !== undefined) result = unwrapped[1].trim();
  // Keep a reply that is nothing but punctuation ("...") as it is rather than emptying it.
  const withoutFullStop = result.replace(/[.!?]+$/, "").trimEnd();
  if (withoutFullStop !== "") result = withoutFullStop;
  return result.endsWith("()") && result.length > 2 ? result.slice(0, -2) : result;
}

/**
 * Matches one reply against the accepted answers; `undefined` when none of them matches. `otherNames`
 * are further real names a typo must not turn into (the code names of the question's own prompt, see
 * `codeNamesIn`): besides the Python name space, a prompt that names `fetch_one` and `fetch_all` makes
 * each a different answer, not a typo of the other.
 */
export function matchTextAnswer(
  reply: string,
  accepted: readonly string[],
  fuzzy: number | undefined,
  otherNames: ReadonlySet<string> = NO_NAMES,
): TextMatch | undefined {
  const normalisedReply = normaliseTextAnswer(reply);
  if (normalisedReply === "") return undefined;
  const answers = accepted.map(normaliseTextAnswer).filter((answer) => answer !== "");
  if (answers.includes(normalisedReply)) return "exact";
  const replyWords = wordsOf(normalisedReply);
  if (answers.some((answer) => containsAsWords(replyWords, wordsOf(answer)))) return "words";
  if (fuzzy !== undefined && answers.some((answer) => isTypoOf(normalisedReply, answer, fuzzy, otherNames))) {
    return "typo";
  }
  return undefined;
}

function wordsOf(normalised: string): string[] {
  return normalised
    .split(" ")
    .map((word) => {
      const trimmed = word.replace(/^["'`]+/, "").replace(/[,;:.!?"'`]+$/, "");
      return trimmed.endsWith("()") && trimmed.length > 2 ? trimmed.slice(0, -2) : trimmed;
    })
    .filter((word) => word !== "");
}

function containsAsWords(replyWords: readonly string[], answerWords: readonly string[]): boolean {
  if (answerWords.length === 0) return false;
  const extraCount = replyWords.length - answerWords.length;
  if (extraCount < 0 || extraCount > MAX_EXTRA_WORDS) return false;
  for (let start = 0; start <= extraCount; start += 1) {
    const run = replyWords.slice(start, start + answerWords.length);
    if (!run.every((word, offset) => word === answerWords[offset])) continue;
    const extra = [...replyWords.slice(0, start), ...replyWords.slice(start + answerWords.length)];
    if (extra.every((word) => FILLER_WORDS.has(word))) return true;
  }
  return false;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Edits a `fuzzy` share allows on an accepted answer (normalised): 0.2 of 9 letters is 1. */
export function typoAllowance(answer: string, fuzzy: number): number {
  return Math.floor(fuzzy * answer.length);
}

function isTypoOf(reply: string, answer: string, fuzzy: number, otherNames: ReadonlySet<string>): boolean {
  const allowed = typoAllowance(answer, fuzzy);
  if (allowed < 1 || digitsOf(reply) !== digitsOf(answer)) return false;
  if (isOtherName(reply, answer, PYTHON_NAMES) || isOtherName(reply, answer, otherNames)) return false;
  return distance(reply, answer) <= allowed;
}

/** The reply is one of `names` (whole, or its last dotted part) that the answer is not. */
function isOtherName(reply: string, answer: string, names: ReadonlySet<string>): boolean {
  const last = (name: string) => name.slice(name.lastIndexOf(".") + 1);
  return (names.has(reply) && reply !== answer) || (names.has(last(reply)) && last(reply) !== last(answer));
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, "");
}
