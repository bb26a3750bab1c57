import { writeFile } from "node:fs/promises";
import type { Pack } from "../../domain/questions/question.js";
import { loadPacks } from "../../packs/load-packs.js";
import { formatPackProblem } from "../../packs/pack-problem.js";
import { packToAnkiTsv, packToCsv } from "../../packs/tools/export-pack.js";
import { type CliContext, UsageError } from "../command.js";
import { packsDirectory, stringOption } from "./pack.js";

const formats = { "anki-tsv": packToAnkiTsv, csv: packToCsv } as const;

/** `quizbot pack export PACK --format anki-tsv|csv [--out FILE]`. */
export async function packExport(context: CliContext, args: readonly string[]): Promise<number> {
  const [name, ...extra] = args;
  if (name === undefined || extra.length > 0) throw new UsageError("pack export expects one PACK");
  const format = stringOption(context, "format");
  if (format !== "anki-tsv" && format !== "csv") throw new UsageError("--format must be anki-tsv or csv");
  const pack = await loadOnePack(context, name);
  if (pack === undefined) return 2;
  const { text, skipped } = formats[format](pack);
  const out = stringOption(context, "out");
  if (out === undefined) context.stdout.write(text);
  else {
    await writeFile(out, text);
    context.stderr.write(`wrote ${pack.questions.length - skipped.length} question(s) to ${out}\n`);
  }
  if (skipped.length > 0) {
    context.stderr.write(
      `left out ${skipped.length} challenge(s), whose checks and solutions have no CSV columns: ${skipped.join(", ")}\n`,
    );
  }
  return 0;
}

/**
 * PACK is a pack folder, or the id of a pack in the packs folder. Problems are printed and undefined
 * returned: tools work on valid packs only.
 */
export async function loadOnePack(context: CliContext, name: string): Promise<Pack | undefined> {
  const looksLikePath = name.includes("/") || name.startsWith(".");
  const loaded = await loadPacks(looksLikePath ? name : packsDirectory(context));
  if (!loaded.ok) {
    for (const problem of loaded.error) context.stderr.write(`${formatPackProblem(problem)}\n`);
    context.stderr.write(`quizbot pack: ${name} has problems; run quizbot validate\n`);
    return undefined;
  }
  const pack = looksLikePath ? loaded.value[0] : loaded.value.find((candidate) => candidate.id === name);
  if (pack === undefined) {
    const known = loaded.value.map((candidate) => candidate.id).join(", ");
    context.stderr.write(`quizbot pack: no pack ${name} (packs: ${known || "none"})\n`);
  }
  return pack;
}
