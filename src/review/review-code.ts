import type { CodeReview, ReviewFinding } from "../domain/ports/code-reviewer.js";
import { ModuleFacts } from "./module-facts.js";
import { loadPythonParser, parsePython } from "./python-tree.js";
import { ruffCheck, warmRuff } from "./ruff-check.js";
import { ruleInfo } from "./rule-catalog.js";
import { ownRules } from "./rules/index.js";

/** Deeper than any real snippet; a crafted one that nests further is too complex to review. */
export const maxTreeDepth = 250;
/** Bigger than RUNNER_CODE_KB allows, so a snippet that may run may be reviewed. */
export const maxReviewChars = 64 * 1024;

/**
 * Loads both parsers (tree-sitter and Ruff) and reviews one sample, so the first member's review does not
 * pay for compiling the rules. Call once per thread before `reviewCode`.
 */
export async function loadReviewer(): Promise<void> {
  await loadPythonParser();
  warmRuff();
  reviewCode(warmUpSnippet);
}

const warmUpSnippet = `import asyncio, threading, queue
from concurrent.futures import ThreadPoolExecutor
counter = 0
lock = threading.Lock()
q = queue.Queue()
def work(n):
    global counter
    with lock:
        counter += n
    item = q.get()
async def main():
    await asyncio.sleep(0)
with ThreadPoolExecutor() as pool:
    print(pool.submit(work, 1).result())
`;

/**
 * Reviews one snippet, synchronously: meant to run in the review worker (review-process.ts), which puts a
 * time and memory limit around it. Findings are sorted most important first, one per rule and line.
 */
export function reviewCode(code: string): CodeReview {
  if (code.length > maxReviewChars) return { status: "too_complex" };
  // tree-sitter first: its walk is iterative and bounded, so nothing deeper than the limit reaches Ruff.
  const module = parsePython(code, maxTreeDepth);
  if (!module) return { status: "too_complex" };
  const ruff = ruffCheck(code);
  const lines = code.split("\n");
  if (ruff.syntaxError) {
    const { line, column, message } = ruff.syntaxError;
    const shownLine = Math.min(line, Math.max(1, lines.length - (code.endsWith("\n") ? 1 : 0)));
    const fullLine = lines[shownLine - 1] ?? "";
    const shownColumn = shownLine === line ? column : fullLine.length + 1;
    // A window of the line around the caret: a crafted 20 KiB line is not echoed whole.
    const from = Math.max(0, shownColumn - 60);
    const excerpt = fullLine.slice(from, from + 120);
    return {
      status: "syntax_error",
      findings: [
        {
          ...finding("syntax-error", shownLine, shownColumn),
          message: message.slice(0, 200),
          excerpt,
          excerptColumn: shownColumn - from,
        },
      ],
    };
  }
  const facts = new ModuleFacts(module);
  const hits = ownRules.flatMap((rule) =>
    rule(facts).map((hit) => ({ ruleId: hit.ruleId, line: hit.node.line, column: hit.node.column })),
  );
  const seen = new Set<string>();
  const findings = [...ruff.findings, ...hits]
    .map((hit) => finding(hit.ruleId, hit.line, hit.column))
    .filter((found) => {
      const key = `${found.ruleId}:${found.line}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) => ruleInfo(a.ruleId).rank - ruleInfo(b.ruleId).rank || a.line - b.line || a.column - b.column,
    );
  return { status: "reviewed", findings };
}

function finding(ruleId: string, line: number, column: number): ReviewFinding {
  const rule = ruleInfo(ruleId);
  return {
    ruleId,
    source: rule.source,
    line,
    column,
    title: rule.title,
    why: rule.why,
    fix: rule.fix,
    docs: rule.docs,
    tags: rule.tags,
  };
}
