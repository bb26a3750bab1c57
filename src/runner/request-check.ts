import type { RunLimits, RunRefusal, RunRequest } from "../domain/ports/code-runner.js";

/** The program is written as `main.py`; request files may not replace it. */
export const mainFileName = "main.py";

/** Standard input may not exceed this: enough for any exercise's data, small enough to keep in a chat row. */
export const maxStdinBytes = 20 * 1024;

/** Request files together may not exceed this, whatever the snippet limit (they come from quiz packs). */
export const maxFilesBytes = 1024 * 1024;

// Plain relative paths: no leading dot or slash, no `..`, nothing a shell or the tmpfs would treat specially.
const fileNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}){0,4}$/;

/**
 * Refuses a request before anything starts: the member's code over the snippet limit, standard input
 * over 20 KiB, bad file names,
 * files too large. The member's code is the program, or the file `memberFile` names; in that case the
 * program (a harness from a quiz pack) counts towards the files' limit instead.
 */
export function checkRequest(request: RunRequest, limits: RunLimits): RunRefusal | null {
  const memberCode =
    request.memberFile === undefined ? request.code : (request.files?.[request.memberFile] ?? "");
  if (Buffer.byteLength(memberCode, "utf8") > limits.codeBytes) {
    return { code: "code_too_large", limitBytes: limits.codeBytes };
  }
  if (request.stdin !== undefined && Buffer.byteLength(request.stdin, "utf8") > maxStdinBytes) {
    return { code: "input_too_large", limitBytes: maxStdinBytes };
  }
  let total = request.memberFile === undefined ? 0 : Buffer.byteLength(request.code, "utf8");
  for (const [name, content] of Object.entries(request.files ?? {})) {
    if (!fileNamePattern.test(name) || name === mainFileName) {
      return { code: "invalid_files", name, problem: "name" };
    }
    total += Buffer.byteLength(content, "utf8");
    if (total > maxFilesBytes) return { code: "invalid_files", name, problem: "size" };
  }
  return null;
}
