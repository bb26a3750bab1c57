import { distance } from "fastest-levenshtein";
import { codeNamesIn } from "../domain/questions/code-names.js";
import { PYTHON_NAMES } from "../domain/questions/python-names.js";
import type { Pack, TextQuestion } from "../domain/questions/question.js";
import { normaliseTextAnswer, typoAllowance } from "../domain/questions/text-answer.js";

/** Something legal that is probably not what the author meant; `quizbot validate` prints it and passes. */
export interface PackWarning {
  readonly question: string;
  readonly message: string;
}

interface KnownName {
  readonly name: string;
  /** Where the name comes from, for the message. */
  readonly source: string;
  /** The grader refuses a reply that is this name (Python names and the prompt's code names). */
  readonly refused: boolean;
}

/**
 * Warns where a text question's `fuzzy` allowance reaches a known different name: a Python name, a code
 * name in its own prompt (the grader refuses both as "another name", but the allowance is wider than the
 * author meant), or another text question's accepted answer (which the grader would take as a typo).
 */
export function fuzzyWarnings(packs: readonly Pack[]): PackWarning[] {
  const texts = packs
    .flatMap((pack) => pack.questions)
    .filter((question): question is TextQuestion => question.kind === "text");
  const answersOf = new Map(
    texts.map((question) => [question.id, question.accepted.map(normaliseTextAnswer)]),
  );
  const warnings: PackWarning[] = [];
  for (const question of texts) {
    if (question.fuzzy === undefined) continue;
    const own = new Set(answersOf.get(question.id));
    const known: KnownName[] = [
      ...[...PYTHON_NAMES].map((name) => ({ name, source: "a Python name", refused: true })),
      ...[...codeNamesIn(question.prompt)].map((name) => ({
        name,
        source: "named in the prompt",
        refused: true,
      })),
      ...texts
        .filter((other) => other.id !== question.id)
        .flatMap((other) =>
          (answersOf.get(other.id) ?? []).map((name) => ({
            name,
            source: `the answer of ${other.id}`,
            refused: false,
          })),
        ),
    ];
    for (const answer of own) {
      const allowed = typoAllowance(answer, question.fuzzy);
      if (allowed < 1) continue;
      const reported = new Set<string>();
      for (const candidate of known) {
        if (own.has(candidate.name) || reported.has(candidate.name)) continue;
        const edits = editsWithin(candidate.name, answer, allowed);
        if (edits === undefined) continue;
        reported.add(candidate.name);
        const outcome = candidate.refused
          ? "the grader refuses that reply as a different name, but the allowance reaches it"
          : "a member who types it is marked right";
        warnings.push({
          question: question.id,
          message: `fuzzy ${question.fuzzy} allows ${allowed} edit(s) on "${answer}", and "${candidate.name}" (${candidate.source}) is ${edits} away: ${outcome}; lower fuzzy`,
        });
      }
    }
  }
  return warnings;
}

/** Edits from `name` to `answer` (or to its last dotted part, for a bare name) when within `allowed`. */
function editsWithin(name: string, answer: string, allowed: number): number | undefined {
  const digits = (text: string) => text.replace(/\D/g, "");
  const last = answer.slice(answer.lastIndexOf(".") + 1);
  const targets = name.includes(".") || last === answer ? [answer] : [answer, last];
  for (const target of targets) {
    if (name === target || digits(name) !== digits(target)) continue;
    if (Math.abs(name.length - target.length) > allowed) continue;
    const edits = distance(name, target);
    if (edits <= allowed) return edits;
  }
  return undefined;
}
