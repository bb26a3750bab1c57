import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { ImportDefaults, ImportedEntry, ImportedFile } from "./imported-entry.js";

/** Keys of a Red-DiscordBot trivia list that are about the list, not questions. */
const LIST_KEYS = new Set(["AUTHOR", "DESCRIPTION", "CONFIG", "$schema"]);

/**
 * Reads a Red-DiscordBot trivia list (Red's Trivia cog: a YAML mapping of each question to the list of
 * its accepted answers, beside optional AUTHOR, DESCRIPTION and CONFIG keys) into text questions.
 * Red answers are matched without case, as ours are; YAML numbers and booleans (`- 365`, `- yes`) are
 * taken as the text Red would compare. The list has no explanations, so each says what was accepted.
 */
export function readRedTriviaList(text: string, defaults: ImportDefaults): ImportedFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => lineCounter.linePos(offset ?? 0).line;
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({
      line: lineOf(error.pos[0]),
      message: `YAML syntax error: ${error.message.split("\n")[0]}`,
    }));
    return { entries: [], problems };
  }
  const root = document.contents;
  if (!isMap(root)) {
    return {
      entries: [],
      problems: [{ line: 1, message: "a trivia list is a mapping of questions to answers" }],
    };
  }
  const entries: ImportedEntry[] = [];
  const problems: { line: number; message: string }[] = [];
  let author: string | undefined;
  let description: string | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key : undefined;
    const line = lineOf(key?.range?.[0]);
    if (key === undefined || typeof key.value !== "string") {
      problems.push({ line, message: "a question must be text (put it in quotes)" });
      continue;
    }
    const question = key.value;
    if (LIST_KEYS.has(question)) {
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (question === "AUTHOR" && typeof value === "string") author = value;
      if (question === "DESCRIPTION" && typeof value === "string") description = value;
      continue;
    }
    if (!isSeq(pair.value)) {
      problems.push({
        line,
        message: `question "${abbreviate(question)}" needs a list of answers (- answer)`,
      });
      continue;
    }
    const answers: string[] = [];
    for (const item of pair.value.items) {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        answers.push(redAnswerText(item as { source?: string }, value));
      } else {
        const at = lineOf((isNode(item) ? item.range?.[0] : undefined) ?? key.range?.[0]);
        problems.push({
          line: at,
          message: `an answer of "${abbreviate(question)}" must be text, not a list or mapping`,
        });
      }
    }
    if (pair.value.items.length === 0) {
      problems.push({ line, message: `question "${abbreviate(question)}" has no answers` });
      continue;
    }
    const unique = [...new Set(answers.map((answer) => answer.trim()).filter((answer) => answer !== ""))];
    entries.push({ line, entry: textEntry(question, unique, defaults) });
  }
  return {
    entries,
    problems,
    ...(author === undefined ? {} : { author }),
    ...(description === undefined ? {} : { description }),
  };
}

/** The answer as written: YAML would turn `- 1.50` into 1.5 and `- Yes` into true, Red compares text. */
function redAnswerText(node: { source?: string }, value: string | number | boolean): string {
  return typeof value === "string" ? value : (node.source ?? String(value));
}

function textEntry(
  prompt: string,
  accepted: readonly string[],
  defaults: ImportDefaults,
): Record<string, unknown> {
  const [first, ...others] = accepted;
  const also = others.length > 0 ? ` (also accepted: ${others.join(", ")})` : "";
  return {
    kind: "text",
    tags: [defaults.tag],
    difficulty: defaults.difficulty,
    prompt,
    accepted,
    explanation: first === undefined ? "" : `The answer is ${first}${also}.`,
  };
}

function abbreviate(text: string): string {
  return text.length > 50 ? `${text.slice(0, 47)}...` : text;
}
