import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Question } from "../../src/domain/questions/question.js";
import { loadPacks, PACK_FILE } from "../../src/packs/load-packs.js";
import { formatPackProblem } from "../../src/packs/pack-problem.js";

/** The packs that ship with the bot, as `quizbot validate` and the bot see them by default. */
export const SHIPPED_PACKS_DIR = "quizzes";

/**
 * The shipped questions, loaded one topic file at a time: a file with a problem (reported by
 * shipped-pack.test.ts) does not keep the other files' snippets and challenges from being run.
 */
export async function shippedQuestionsByFile(): Promise<{ questions: Question[]; problems: string[] }> {
  const questions: Question[] = [];
  const problems: string[] = [];
  const packs = await readdir(SHIPPED_PACKS_DIR, { withFileTypes: true });
  for (const pack of packs.filter((entry) => entry.isDirectory())) {
    const folder = path.join(SHIPPED_PACKS_DIR, pack.name);
    const files = (await readdir(folder))
      .filter((name) => name.endsWith(".yaml") && name !== PACK_FILE)
      .sort();
    for (const file of files) {
      const loaded = await loadPacks(path.join(folder, file));
      if (loaded.ok) questions.push(...loaded.value.flatMap((loadedPack) => loadedPack.questions));
      else problems.push(...loaded.error.map(formatPackProblem));
    }
  }
  return { questions, problems };
}
