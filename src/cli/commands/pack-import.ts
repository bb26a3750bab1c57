import path from "node:path";
import type { PackProblem } from "../../packs/pack-problem.js";
import { parseDifficulty } from "../../packs/tools/csv-columns.js";
import { importFormatOf, importQuestions, slug } from "../../packs/tools/import-pack.js";
import { type CliContext, UsageError } from "../command.js";
import { packsDirectory, stringOption } from "./pack.js";

/**
 * `quizbot pack import FILE`: a CSV or a Red-DiscordBot trivia list to a pack. Every problem is printed
 * as `file:line: what is wrong`, all at once, and nothing is written unless the whole file is valid.
 */
export async function packImport(context: CliContext, args: readonly string[]): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) throw new UsageError("pack import expects one FILE");
  if (importFormatOf(file) === undefined) {
    throw new UsageError(`${file}: import reads .csv files and Red trivia lists (.yaml)`);
  }
  const stem = slug(path.basename(file, path.extname(file)), 40) || "imported";
  const packId = stringOption(context, "pack") ?? stem;
  const difficultyText = stringOption(context, "difficulty");
  const difficulty = difficultyText === undefined ? 1 : parseDifficulty(difficultyText);
  if (difficulty === undefined) throw new UsageError("--difficulty expects 1, 2 or 3");
  const packsDir = packsDirectory(context);
  const folder = stringOption(context, "out") ?? path.join(packsDir, packId);
  let result: Awaited<ReturnType<typeof importQuestions>>;
  try {
    result = await importQuestions({
      file,
      packId,
      folder,
      packsDir,
      defaults: { tag: stringOption(context, "tag") ?? stem, difficulty },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    context.stderr.write(`quizbot pack import: cannot read ${file}: ${code}\n`);
    return 2;
  }
  if (!result.ok) {
    for (const problem of result.error) context.stdout.write(`${formatImportProblem(problem)}\n`);
    context.stdout.write(`\n${result.error.length} problem(s); nothing written\n`);
    return 1;
  }
  const { written, questions, newIds } = result.value;
  for (const target of written) context.stdout.write(`wrote ${target}\n`);
  context.stdout.write(
    `${questions} question(s) imported into pack ${packId} (${newIds} new id(s)); check them with quizbot validate ${folder}\n`,
  );
  return 0;
}

/** `file:line: question id: what is wrong`, the shape editors and terminals link. */
export function formatImportProblem(problem: PackProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const subject = problem.question === undefined ? "" : `question ${problem.question}: `;
  return `${where}: ${subject}${problem.message}`;
}
