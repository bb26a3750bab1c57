import { type CliCommand, type CliContext, UsageError } from "../command.js";
import { packExport } from "./pack-export.js";
import { packImport } from "./pack-import.js";
import { packSchema } from "./pack-schema.js";
import { packStats } from "./pack-stats.js";

/** The tools for pack authors, one per word after `quizbot pack`. */
const tools: Readonly<Record<string, (context: CliContext, args: readonly string[]) => Promise<number>>> = {
  schema: packSchema,
  import: packImport,
  export: packExport,
  stats: packStats,
};

/**
 * `quizbot pack schema|import|export|stats`: tools for teachers who bring their own questions
 * (docs/pack-format.md, "Tools for pack authors").
 */
export const packCommand: CliCommand = {
  name: "pack",
  summary: "Tools for pack authors: schema, import (CSV, Red trivia lists), export (Anki, CSV), stats",
  usage: [
    "schema [--check]",
    "import FILE [--out FOLDER] [--pack ID] [--tag TAG] [--difficulty 1|2|3]",
    "export PACK --format anki-tsv|csv [--out FILE]",
    "stats PACK [--data-dir DIR] [--json]",
  ].join("\n       quizbot pack "),
  help: {
    check: "schema: exit 1 when the schema file differs from the zod schema, instead of writing it",
    out: "import: the pack folder to write (default: QUIZ_PACKS_DIR/<pack id>); export: the file (default stdout)",
    pack: "import: the new pack's id (default: the file's name); a pack that exists gains a topic file",
    tag: "import: the tag of every imported question without tags of its own (default: the file's name)",
    difficulty: "import: the difficulty of questions that do not say (default 1)",
    format: "export: anki-tsv or csv",
    "data-dir": "stats: the embedded database's folder when DATABASE_URL is not set (default ./data)",
    json: "stats: print one JSON object",
  },
  options: {
    check: { type: "boolean" },
    out: { type: "string" },
    pack: { type: "string" },
    tag: { type: "string" },
    difficulty: { type: "string" },
    format: { type: "string" },
    "data-dir": { type: "string" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run(context) {
    const [tool, ...args] = context.positionals;
    const run = tool === undefined ? undefined : tools[tool];
    if (run === undefined) {
      throw new UsageError(
        tool === undefined ? "expected a tool: schema, import, export or stats" : `unknown tool "${tool}"`,
      );
    }
    return run(context, args);
  },
};

/** QUIZ_PACKS_DIR, else ./quizzes: where packs and their schema live. */
export function packsDirectory(context: CliContext): string {
  return context.env.QUIZ_PACKS_DIR?.trim() || "./quizzes";
}

/** A string option's value, or undefined. */
export function stringOption(context: CliContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === "string" ? value : undefined;
}
