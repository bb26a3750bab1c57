import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { shippedQuestionsByFile } from "../packs/shipped-questions.js";

/** One labelled snippet: the rules that must fire on it, and no others. */
export interface LabelledSnippet {
  readonly name: string;
  readonly expect: readonly string[];
  readonly code: string;
  /** `corpus` (test/review/corpus), `output` (a pack output question) or `challenge` (a reference solution). */
  readonly origin: "corpus" | "output" | "challenge";
}

const entry = z.object({ name: z.string(), expect: z.array(z.string()), code: z.string() });
const corpusDir = path.join(import.meta.dirname, "corpus");

/**
 * Pack output questions that show a mistake on purpose, and the finding each must get. Every other output
 * question, and every challenge's reference solution, is correct code that must get no finding at all.
 */
export const packDemonstrations: Readonly<Record<string, readonly string[]>> = {
  // `first.run()` is the point of the question: it runs in the main thread.
  "threading-run-vs-start-output": ["QB101"],
};

export async function labelledSnippets(): Promise<LabelledSnippet[]> {
  const snippets: LabelledSnippet[] = [];
  for (const file of (await readdir(corpusDir)).filter((name) => name.endsWith(".yaml")).sort()) {
    const entries = z.array(entry).parse(parse(await readFile(path.join(corpusDir, file), "utf8")));
    snippets.push(
      ...entries.map((item) => ({ ...item, name: `${file}: ${item.name}`, origin: "corpus" as const })),
    );
  }
  const { questions } = await shippedQuestionsByFile();
  for (const question of questions) {
    if (question.kind === "output") {
      const expect = packDemonstrations[question.id] ?? [];
      snippets.push({ name: `output ${question.id}`, expect, code: question.code, origin: "output" });
    }
    if (question.kind === "challenge") {
      snippets.push({
        name: `challenge ${question.id}`,
        expect: [],
        code: question.solution,
        origin: "challenge",
      });
    }
  }
  return snippets;
}
