import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RichMessage } from "../shared/rich-message.js";

/**
 * Saves a message's files (a snippet's ./output) where the terminal user can open them: one folder
 * per message under `dir` (DATA_DIR/files), so a rerun does not overwrite the last run's plot.
 * Returns the lines to print, one path each. The names were checked to be plain file names
 * (runner/output-files.ts), so none leaves its folder. Written synchronously: the console prints its
 * messages in order, and a megabyte at most is quick to write.
 */
export function saveMessageFiles(
  dir: string | undefined,
  message: RichMessage,
  messageNumber: number,
): string[] {
  const files = message.files ?? [];
  if (files.length === 0) return [];
  if (dir === undefined) return files.map((file) => `${file.name} (not saved: no data directory)`);
  const folder = path.join(dir, `message-${messageNumber}`);
  mkdirSync(folder, { recursive: true });
  return files.map((file) => {
    const target = path.join(folder, path.basename(file.name));
    writeFileSync(target, file.data);
    return target;
  });
}
