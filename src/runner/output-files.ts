import type { LeftOutFile, OutputFile, OutputFileType, RunResult } from "../domain/ports/code-runner.js";

/** The folder, under the snippet's working directory, whose files come back with its result. */
export const outputDirectory = "output";
/** At most this many files come back (snekbox returns files too; chat messages hold ten attachments). */
export const maxOutputFiles = 8;
/** And this many bytes in all: within every platform's upload limit, small enough to keep in memory. */
export const maxOutputBytes = 1024 * 1024;

/** A file as the sandbox sent it, before the runner believes anything about it. */
export interface ReportedFile {
  readonly name: string;
  readonly data: Uint8Array;
}

const textExtensions = new Set([
  "txt",
  "csv",
  "tsv",
  "json",
  "md",
  "log",
  "py",
  "html",
  "xml",
  "yaml",
  "yml",
]);
// Plain names only: they become attachment names and, in the console, file names under DATA_DIR.
const namePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/**
 * The files a run may return, checked again outside the sandbox (the bootstrap inside already kept to
 * the limits, but the program could have written the report itself): plain names, at most
 * `maxOutputFiles` and `maxOutputBytes` in all, and contents that are what their names say: PNG,
 * JPEG, SVG or UTF-8 text. Everything else is named in `leftOut` with the reason.
 */
export function checkOutputFiles(
  reported: readonly ReportedFile[],
  leftInside: readonly LeftOutFile[] = [],
): { files: OutputFile[]; leftOut: LeftOutFile[] } {
  const files: OutputFile[] = [];
  const leftOut: LeftOutFile[] = [...leftInside];
  let total = 0;
  for (const file of reported) {
    if (!namePattern.test(file.name)) {
      leftOut.push({ name: file.name.slice(0, 100), reason: "name" });
      continue;
    }
    if (files.length >= maxOutputFiles) {
      leftOut.push({ name: file.name, reason: "count" });
      continue;
    }
    if (total + file.data.byteLength > maxOutputBytes) {
      leftOut.push({ name: file.name, reason: "size" });
      continue;
    }
    const type = fileType(file.name, file.data);
    if (type === undefined) {
      leftOut.push({ name: file.name, reason: "type" });
      continue;
    }
    total += file.data.byteLength;
    files.push({ name: file.name, type, data: file.data });
  }
  return { files, leftOut };
}

/**
 * A result's `files` and `filesLeftOut` from what a sandbox reported, checked here: nothing when there
 * was no file at all. The left-out reasons are kept only when they are ones a sandbox may give.
 */
export function returnedFiles(
  reported: readonly ReportedFile[],
  leftInside: readonly LeftOutFile[],
): Pick<RunResult, "files" | "filesLeftOut"> {
  const inside = leftInside.filter((file) => typeof file.name === "string" && insideReasons.has(file.reason));
  if (reported.length === 0 && inside.length === 0) return {};
  const { files, leftOut } = checkOutputFiles(reported, inside);
  return { files, ...(leftOut.length > 0 ? { filesLeftOut: leftOut } : {}) };
}

const insideReasons = new Set<LeftOutFile["reason"]>(["kind", "count", "size"]);

/** The file's type when its contents match its extension; undefined for anything else. */
function fileType(name: string, data: Uint8Array): OutputFileType | undefined {
  const extension = name.includes(".") ? (name.split(".").at(-1) ?? "").toLowerCase() : "";
  const starts = (...bytes: number[]) => bytes.every((byte, index) => data[index] === byte);
  if (extension === "png") return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) ? "png" : undefined;
  if (extension === "jpg" || extension === "jpeg") return starts(0xff, 0xd8, 0xff) ? "jpeg" : undefined;
  const text = utf8(data);
  if (text === undefined) return undefined;
  if (extension === "svg") return /<svg[\s>]/.test(text.slice(0, 4096)) ? "svg" : undefined;
  return textExtensions.has(extension) ? "text" : undefined;
}

function utf8(data: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}
