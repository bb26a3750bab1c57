import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { err, ok, type Result } from "../../domain/result.js";
import { fieldName } from "../field-issues.js";
import { PACK_FILE } from "../load-packs.js";
import { schemaComment } from "../pack-json-schema.js";
import type { PackProblem } from "../pack-problem.js";
import { type PackMetadata, packMetadataSchema } from "../pack-schema.js";
import { readQuestionEntry } from "../question-entry.js";
import { idSchema } from "../question-schema.js";
import { readCsvQuestions } from "./csv-import.js";
import type { ImportDefaults, ImportedFile } from "./imported-entry.js";
import { readRedTriviaList } from "./red-trivia-import.js";

export interface ImportRequest {
  /** The file as named on the command line (problems are reported against it). */
  readonly file: string;
  readonly packId: string;
  /** The pack folder to write; it gains `pack.yaml` when it has none, and one topic file. */
  readonly folder: string;
  /** Where the other packs are, whose question ids the new ones must not take. */
  readonly packsDir: string;
  readonly defaults: ImportDefaults;
}

export interface ImportDone {
  readonly written: readonly string[];
  readonly questions: number;
  readonly newIds: number;
}

/** `.csv` files are CSV; `.yaml`/`.yml` are Red trivia lists. */
export function importFormatOf(file: string): "csv" | "red" | undefined {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".csv") return "csv";
  return extension === ".yaml" || extension === ".yml" ? "red" : undefined;
}

/**
 * Reads a teacher's file, gives every question without one an id, validates every question as the
 * loader would and writes the pack only when nothing is wrong; otherwise returns every problem, each
 * as `file:line`. Ids stay unique across the whole packs folder: scores and reviews hang on them.
 */
export async function importQuestions(request: ImportRequest): Promise<Result<ImportDone, PackProblem[]>> {
  const { file, folder, packId, defaults } = request;
  const text = await readFile(file, "utf8");
  const format = importFormatOf(file);
  const read: ImportedFile =
    format === "csv" ? readCsvQuestions(text, defaults) : readRedTriviaList(text, defaults);
  const problems: PackProblem[] = read.problems.map(({ line, message }) => ({ file, line, message }));
  const unreadable = new Set(
    read.problems.flatMap(({ line, fields }) => (fields ?? []).map((f) => `${line}:${f}`)),
  );
  const topicFile = path.join(
    folder,
    `${slug(path.basename(file, path.extname(file)), 60) || "questions"}.yaml`,
  );
  const taken = await questionIdsIn(request.packsDir, topicFile);
  const used = new Set<string>();
  let newIds = 0;
  const entries = read.entries.map(({ line, entry }) => {
    let id = typeof entry.id === "string" ? entry.id : undefined;
    if (id === undefined) {
      id = freshId(typeof entry.prompt === "string" ? entry.prompt : String(entry.code ?? ""), taken, used);
      newIds += 1;
    } else if (taken.has(id)) {
      problems.push({ file, line, question: id, message: `id is already used by ${taken.get(id)}` });
    } else if (used.has(id) && idSchema.safeParse(id).success) {
      problems.push({ file, line, question: id, message: "id is used by an earlier row of this file" });
    }
    used.add(id);
    const full = orderedEntry({ ...entry, id });
    const checked = readQuestionEntry(full, packId);
    if (!checked.ok) {
      for (const issue of checked.issues) {
        if (unreadable.has(`${line}:${issue.path[0]}`)) continue;
        problems.push({ file, line, question: id, message: describeIssue(issue.path, issue.message) });
      }
    }
    return full;
  });
  if (read.problems.length === 0 && entries.length === 0 && problems.length === 0) {
    problems.push({ file, line: 1, message: "no questions found" });
  }
  const metadata = await packMetadata(folder, packId, read, file, problems);
  if (problems.length > 0 || metadata === undefined) {
    return err(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  const written: string[] = [];
  await mkdir(folder, { recursive: true });
  const schemaPath =
    path.relative(folder, path.join(request.packsDir, "pack.schema.json")) || "pack.schema.json";
  const header = `${schemaComment(schemaPath.split(path.sep).join("/"))}\n`;
  if (metadata.write) {
    const packFile = path.join(folder, PACK_FILE);
    await writeFile(packFile, header + stringify(metadata.value, { lineWidth: 0 }));
    written.push(packFile);
  }
  await writeFile(topicFile, header + stringify({ questions: entries }, { lineWidth: 0 }));
  written.push(topicFile);
  return ok({ written, questions: entries.length, newIds });
}

/** The pack.yaml to write, or the one already there (whose id must match). */
async function packMetadata(
  folder: string,
  packId: string,
  read: ImportedFile,
  file: string,
  problems: PackProblem[],
): Promise<{ value: PackMetadata; write: boolean } | undefined> {
  const existing = await readFile(path.join(folder, PACK_FILE), "utf8").catch(() => undefined);
  if (existing !== undefined) {
    const parsed = packMetadataSchema.safeParse(parseYaml(existing));
    if (!parsed.success || parsed.data.id !== packId) {
      problems.push({
        file: path.join(folder, PACK_FILE),
        message: parsed.success
          ? `is the pack ${parsed.data.id}, not ${packId}; pass --pack ${parsed.data.id} or another --out`
          : "is not a valid pack.yaml; run quizbot validate",
      });
      return undefined;
    }
    return { value: parsed.data, write: false };
  }
  const value = {
    id: packId,
    title: titleOf(packId),
    description: read.description?.trim() || `Imported from ${path.basename(file)}.`,
    language: "en",
    version: "1.0.0",
    author: read.author?.trim() || "unknown",
  };
  const parsed = packMetadataSchema.safeParse(value);
  if (!parsed.success) {
    problems.push({
      file,
      message: `the pack id ${JSON.stringify(packId)} must be lowercase kebab-case (--pack)`,
    });
    return undefined;
  }
  return { value: parsed.data, write: true };
}

/** Every question id of every pack under `packsDir`, with its file, except those of `replacing`. */
async function questionIdsIn(packsDir: string, replacing: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const folders = await readdir(packsDir, { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((entry) => entry.isDirectory())) {
    const names = await readdir(path.join(packsDir, folder.name)).catch(() => [] as string[]);
    for (const name of names.filter((candidate) => candidate.endsWith(".yaml") && candidate !== PACK_FILE)) {
      const topic = path.join(packsDir, folder.name, name);
      if (path.resolve(topic) === path.resolve(replacing)) continue;
      const data = await readFile(topic, "utf8")
        .then((text) => parseYaml(text) as { questions?: unknown })
        .catch(() => undefined);
      const questions = Array.isArray(data?.questions) ? data.questions : [];
      for (const question of questions) {
        const id = (question as { id?: unknown } | null)?.id;
        if (typeof id === "string") ids.set(id, topic);
      }
    }
  }
  return ids;
}

/** `how-many-days-are-there-1` from the prompt's first words, not taken anywhere. */
function freshId(prompt: string, taken: ReadonlyMap<string, string>, used: ReadonlySet<string>): string {
  const stem = slug(prompt.split(/\s+/).slice(0, 6).join(" "), 40) || "question";
  for (let n = 1; ; n += 1) {
    const id = `${stem}-${n}`;
    if (!taken.has(id) && !used.has(id)) return id;
  }
}

/** Lowercase kebab-case of the words of `text`, at most `max` characters, cut at a word. */
export function slug(text: string, max: number): string {
  const words = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  let result = "";
  for (const word of words) {
    const next = result === "" ? word : `${result}-${word}`;
    if (next.length > max) break;
    result = next;
  }
  return result;
}

function titleOf(packId: string): string {
  const words = packId.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describeIssue(issuePath: readonly (string | number)[], message: string): string {
  // Field issues already name their field; the path only matters for the unknown-key case.
  return issuePath.length > 0 && !message.includes(fieldName(issuePath))
    ? `${fieldName(issuePath)}: ${message}`
    : message;
}

const KEY_ORDER = [
  "id",
  "kind",
  "tags",
  "difficulty",
  "prompt",
  "code",
  "ask",
  "options",
  "answer",
  "answers",
  "accepted",
  "fuzzy",
  "expected",
  "keep_order",
  "explanation",
  "reference",
  "seconds",
];

/** The entry with its keys in the order the shipped packs write them. */
function orderedEntry(entry: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (entry[key] !== undefined) ordered[key] = entry[key];
  for (const [key, value] of Object.entries(entry)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}
