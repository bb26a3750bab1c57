import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { packJsonSchemaText } from "../../packs/pack-json-schema.js";
import { type CliContext, UsageError } from "../command.js";
import { packsDirectory } from "./pack.js";

/** The schema's file name beside the pack folders; every pack file points at it. */
export const SCHEMA_FILE_NAME = "pack.schema.json";

/**
 * `quizbot pack schema [--check]`: writes `pack.schema.json` into the packs folder from the zod
 * schemas, or with `--check` only says whether the file on disk is current (exit 1 when not).
 */
export async function packSchema(context: CliContext, args: readonly string[]): Promise<number> {
  if (args.length > 0) throw new UsageError("pack schema takes no FILE");
  const target = path.join(packsDirectory(context), SCHEMA_FILE_NAME);
  const text = packJsonSchemaText();
  const current = await readFile(target, "utf8").catch(() => undefined);
  if (context.values.check === true) {
    if (current === text) {
      context.stdout.write(`${target} is current\n`);
      return 0;
    }
    context.stdout.write(
      `${target} ${current === undefined ? "is missing" : "differs from the zod schema"}; run quizbot pack schema\n`,
    );
    return 1;
  }
  await writeFile(target, text);
  context.stdout.write(`${current === text ? "unchanged" : "wrote"} ${target}\n`);
  return 0;
}
