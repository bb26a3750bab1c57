/**
 * The Python in a chat message: the first fenced block marked python/py (or unmarked), or the whole
 * text when there is no fence. Null when there is nothing to run (empty, or only fences of other
 * languages: running a ```js block as Python would only confuse).
 */
export function extractPythonCode(messageText: string): string | null {
  const fence = /```([^\n`]*)\n([\s\S]*?)```/g;
  let sawFence = false;
  for (const match of messageText.matchAll(fence)) {
    sawFence = true;
    const language = (match[1] ?? "").trim().toLowerCase();
    if (pythonLanguages.has(language)) return nonEmpty(match[2] ?? "");
  }
  if (sawFence) return null;
  const oneLine = /```([\s\S]+?)```/.exec(messageText);
  if (oneLine) return nonEmpty(oneLine[1] ?? "");
  return nonEmpty(messageText);
}

const pythonLanguages = new Set(["", "python", "py", "python3", "py3"]);

function nonEmpty(code: string): string | null {
  const trimmed = code.replace(/^\s*\n/, "").trimEnd();
  return trimmed.trim() === "" ? null : `${trimmed}\n`;
}
