import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Pack, Question } from "../domain/questions/question.js";
import { err, ok, type Result } from "../domain/result.js";
import { describeIssues, type FieldIssue } from "./field-issues.js";
import type { PackProblem } from "./pack-problem.js";
import { FALLBACK_SECONDS, packMetadataSchema, topicFileSchema } from "./pack-schema.js";
import { readQuestionEntry } from "./question-entry.js";
import { idSchema } from "./question-schema.js";
import { parseYamlSource, type YamlSource } from "./yaml-source.js";

export const PACK_FILE = "pack.yaml";

/** A pack folder to load: every topic file in it, or only the ones named on the command line. */
interface PackTarget {
  readonly folder: string;
  readonly files: string[] | "all";
}

type Location = { readonly file: string; readonly line: number; readonly column: number };

/**
 * Loads and validates quiz packs. `paths` may name a folder of pack folders (`./quizzes`), one pack
 * folder, or single files (a topic file is checked together with the `pack.yaml` beside it). Every
 * problem of every pack is collected before returning, so an author fixes them all in one pass;
 * question ids must be unique across everything loaded together.
 */
export async function loadPacks(paths: string | readonly string[]): Promise<Result<Pack[], PackProblem[]>> {
  const problems = new ProblemList();
  const targets = await resolveTargets(typeof paths === "string" ? [paths] : paths, problems);
  const packs: Pack[] = [];
  const packIds = new Map<string, Location>();
  const questionIds = new Map<string, Location>();
  for (const target of targets) {
    const pack = await loadPack(target, problems, questionIds);
    if (pack === undefined) continue;
    const first = packIds.get(pack.id);
    if (first !== undefined) {
      const here = { file: path.join(target.folder, PACK_FILE), line: 1, column: 1 };
      problems.add({ ...here, message: `pack id ${pack.id} is already used by ${formatLocation(first)}` });
    } else {
      packIds.set(pack.id, { file: path.join(target.folder, PACK_FILE), line: 1, column: 1 });
    }
    packs.push(pack);
  }
  return problems.isEmpty() ? ok(packs) : err(problems.sorted());
}

async function resolveTargets(paths: readonly string[], problems: ProblemList): Promise<PackTarget[]> {
  const targets = new Map<string, PackTarget>();
  const addFile = (folder: string, file: string) => {
    const key = path.resolve(folder);
    const target = targets.get(key) ?? { folder, files: [] };
    if (Array.isArray(target.files) && path.basename(file) !== PACK_FILE) target.files.push(file);
    targets.set(key, target);
  };
  for (const given of paths) {
    const kind = await entryKind(given);
    if (kind === "missing") {
      problems.add({ file: given, message: "not found" });
    } else if (kind === "file") {
      if (given.endsWith(".yaml")) addFile(path.dirname(given), given);
      else problems.add({ file: given, message: "not a .yaml file" });
    } else if ((await entryKind(path.join(given, PACK_FILE))) === "file") {
      targets.set(path.resolve(given), { folder: given, files: "all" });
    } else {
      const found = await packFoldersIn(given, problems);
      for (const folder of found) targets.set(path.resolve(folder), { folder, files: "all" });
      if (found.length === 0) {
        problems.add({
          file: given,
          message: `no quiz packs found (a pack is a folder holding ${PACK_FILE})`,
        });
      }
    }
  }
  return [...targets.values()];
}

async function packFoldersIn(root: string, problems: ProblemList): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries.filter((candidate) => candidate.isDirectory()).sort(byName)) {
    const folder = path.join(root, entry.name);
    const names = await readdir(folder);
    if (names.includes(PACK_FILE)) folders.push(folder);
    else if (names.some((name) => name.endsWith(".yaml"))) {
      problems.add({ file: folder, message: `has question files but no ${PACK_FILE}` });
    }
  }
  return folders;
}

async function loadPack(
  target: PackTarget,
  problems: ProblemList,
  questionIds: Map<string, Location>,
): Promise<Pack | undefined> {
  const packFile = path.join(target.folder, PACK_FILE);
  const metadataSource = await readSource(packFile, problems);
  let metadata: ReturnType<typeof packMetadataSchema.safeParse> | undefined;
  if (metadataSource !== undefined) {
    metadata = packMetadataSchema.safeParse(metadataSource.data);
    if (metadata.success) {
      const folderName = path.basename(path.resolve(target.folder));
      if (metadata.data.id !== folderName) {
        const issue = { path: ["id"], message: `id must match the pack's folder name "${folderName}"` };
        addFieldIssues(problems, metadataSource, [issue]);
      }
    } else {
      addFieldIssues(problems, metadataSource, describeIssues(metadata.error.issues, metadataSource.data));
    }
  }
  const packId = metadata?.success ? metadata.data.id : path.basename(path.resolve(target.folder));

  const files = target.files === "all" ? await topicFilesIn(target.folder) : target.files;
  if (target.files === "all") {
    if (files.length === 0) {
      problems.add({ file: target.folder, message: `no question files (*.yaml beside ${PACK_FILE})` });
    }
    // A .yml file would otherwise be skipped without a word, and its questions silently missing.
    for (const name of (await readdir(target.folder))
      .filter((candidate) => candidate.endsWith(".yml"))
      .sort()) {
      problems.add({ file: path.join(target.folder, name), message: "is ignored: topic files end in .yaml" });
    }
  }
  const questions: Question[] = [];
  for (const file of files) {
    const source = await readSource(file, problems);
    if (source !== undefined) questions.push(...readTopicFile(source, packId, problems, questionIds));
  }
  if (!metadata?.success) return undefined;
  const { id, title, description, language, version, author, defaults } = metadata.data;
  const settings = { secondsPerQuestion: defaults?.seconds ?? FALLBACK_SECONDS };
  return { id, title, description, language, version, author, settings, questions };
}

function readTopicFile(
  source: YamlSource,
  packId: string,
  problems: ProblemList,
  questionIds: Map<string, Location>,
): Question[] {
  const file = topicFileSchema.safeParse(source.data);
  if (!file.success) {
    const issues =
      typeof source.data === "object" && source.data !== null && !Array.isArray(source.data)
        ? describeIssues(file.error.issues, source.data)
        : [{ path: [], message: "must be a mapping with a questions: list" }];
    addFieldIssues(problems, source, issues);
    return [];
  }
  const questions: Question[] = [];
  file.data.questions.forEach((entry, index) => {
    const where: (string | number)[] = ["questions", index];
    const rawId = (entry as { id?: unknown } | null)?.id;
    const id = idSchema.safeParse(rawId).success ? (rawId as string) : undefined;
    const label = typeof rawId === "string" && rawId !== "" ? rawId : `#${index + 1}`;
    if (id !== undefined) {
      const here = { file: source.file, ...source.positionOf([...where, "id"]) };
      const first = questionIds.get(id);
      if (first === undefined) questionIds.set(id, here);
      else
        problems.add({ ...here, question: label, message: `id is already used at ${formatLocation(first)}` });
    }
    const read = readQuestionEntry(entry, packId);
    if (read.ok) questions.push(read.question);
    else {
      const issues = read.issues.map((issue) => ({ ...issue, path: [...where, ...issue.path] }));
      addFieldIssues(problems, source, issues, label);
    }
  });
  return questions;
}

async function topicFilesIn(folder: string): Promise<string[]> {
  const names = await readdir(folder);
  return names
    .filter((name) => name.endsWith(".yaml") && name !== PACK_FILE)
    .sort()
    .map((name) => path.join(folder, name));
}

async function readSource(file: string, problems: ProblemList): Promise<YamlSource | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    problems.add({ file, message: "cannot be read (missing or not a file)" });
    return undefined;
  }
  const parsed = parseYamlSource(file, text);
  if (parsed.ok) return parsed.value;
  for (const problem of parsed.error) problems.add(problem);
  return undefined;
}

function addFieldIssues(
  problems: ProblemList,
  source: YamlSource,
  issues: readonly FieldIssue[],
  question?: string,
): void {
  for (const issue of issues) {
    const position = source.positionOf(issue.path, issue.atKey ?? false);
    problems.add({
      file: source.file,
      ...position,
      ...(question === undefined ? {} : { question }),
      message: issue.message,
    });
  }
}

async function entryKind(target: string): Promise<"file" | "folder" | "missing"> {
  try {
    return (await stat(target)).isDirectory() ? "folder" : "file";
  } catch {
    return "missing";
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function formatLocation(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** Problems grouped by file in the order files were read, each file's sorted by position. */
class ProblemList {
  private readonly byFile = new Map<string, PackProblem[]>();

  add(problem: PackProblem): void {
    const list = this.byFile.get(problem.file) ?? [];
    list.push(problem);
    this.byFile.set(problem.file, list);
  }

  isEmpty(): boolean {
    return this.byFile.size === 0;
  }

  sorted(): PackProblem[] {
    return [...this.byFile.values()].flatMap((list) =>
      [...list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
    );
  }
}
