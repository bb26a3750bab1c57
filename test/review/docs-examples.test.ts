import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReviewer, reviewCode } from "../../src/review/review-code.js";
import { ruleCatalog } from "../../src/review/rule-catalog.js";

const doc = await readFile(new URL("../../docs/code-review.md", import.meta.url), "utf8");

/** Each `### <rule id>` section of docs/code-review.md with the first python block under it. */
function examples(): Map<string, string> {
  const found = new Map<string, string>();
  for (const section of doc.split(/^### /m).slice(1)) {
    const id = section.slice(0, section.indexOf("\n")).trim();
    const code = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    if (code !== undefined) found.set(id, code);
  }
  return found;
}

beforeAll(async () => {
  await loadReviewer();
});

describe("GIVEN docs/code-review.md", () => {
  it("THEN every rule of the catalogue has a section with an example, and the table names where it comes from", () => {
    expect([...examples().keys()].sort()).toEqual([...ruleCatalog.keys()].sort());
    for (const rule of ruleCatalog.values()) {
      const row = doc.split("\n").find((line) => line.startsWith(`| [\`${rule.id}\`]`));
      expect(row, rule.id).toContain(rule.source === "ruff" ? "| Ruff" : "| quizbot |");
    }
  });

  it("THEN each example gets the finding of its own rule from the reviewer", () => {
    for (const [id, code] of examples()) {
      const review = reviewCode(code);
      if (review.status !== "reviewed" && review.status !== "syntax_error")
        throw new Error(`${id}: ${review.status}`);
      expect(
        review.findings.map((finding) => finding.ruleId),
        id,
      ).toContain(id);
    }
  });
});
