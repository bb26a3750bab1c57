import { wellFormedCode } from "./well-formed-code.js";

/**
 * The Python in a chat message: the first fenced block marked python/py (or unmarked), or the whole
 * text when there is no fence; a fence that never closes runs to the end of the message. Null when
 * there is nothing to run (empty, or only fences of other languages: running a ```js block as Python
 * would only confuse). The code is well formed (see `wellFormedCode`), so what runs is what is shown
 * and stored.
 */
export function extractPythonCode(messageText: string): string | null {
  const text = wellFormedCode(messageText);
  const fence = /```([^\n`]*)\n([\s\S]*?)```/g;
  let sawFence = false;
  for (const match of text.matchAll(fence)) {
    sawFence = true;
    const language = (match[1] ?? "").trim().toLowerCase();
    if (pythonLanguages.has(language)) return nonEmpty(match[2] ?? "");
  }
  if (sawFence) return null;
  const oneLine = /```([\s\S]+?)```/.exec(text);
  if (oneLine) return nonEmpty(oneLine[1] ?? "");
  // A fence never closed (a forgotten closing line, a message cut at the platform's limit) still opens a
  // block: running the fence line itself would only end in a SyntaxError on line 1.
  const unclosed = /```([^\n`]*)\n([\s\S]*)$/.exec(text);
  if (unclosed) {
    const language = (unclosed[1] ?? "").trim().toLowerCase();
    return pythonLanguages.has(language) ? nonEmpty(unclosed[2] ?? "") : null;
  }
  return nonEmpty(text);
}

const pythonLanguages = new Set(["", "python", "py", "python3", "py3"]);

function nonEmpty(code: string): string | null {
  const trimmed = code.replace(/^\s*\n/, "").trimEnd();
  return trimmed.trim() === "" ? null : `${trimmed}\n`;
}
