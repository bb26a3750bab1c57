import { beforeAll, describe, expect, it } from "vitest";
import { loadReviewer, reviewCode } from "../../src/review/review-code.js";
import { ruleCatalog } from "../../src/review/rule-catalog.js";
import { labelledSnippets } from "./corpus.js";

const snippets = await labelledSnippets();

function firedRules(code: string): string[] {
  const review = reviewCode(code);
  if (review.status !== "reviewed" && review.status !== "syntax_error") return [`<${review.status}>`];
  return [...new Set(review.findings.map((finding) => finding.ruleId))].sort();
}

beforeAll(async () => {
  await loadReviewer();
});

describe("GIVEN the labelled corpus and every output question and challenge reference of the pack", () => {
  it("THEN it holds at least 120 snippets, with fire and near-miss cases for every rule", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(120);
    for (const id of ruleCatalog.keys()) {
      const fire = snippets.filter((snippet) => snippet.expect.includes(id));
      expect(fire.length, `${id} has too few cases where it must fire`).toBeGreaterThanOrEqual(2);
    }
    expect(snippets.filter((snippet) => snippet.expect.length === 0).length).toBeGreaterThanOrEqual(60);
  });

  it("THEN every rule keeps precision >= 95 % and recall >= 90 % (printed per rule)", () => {
    const counts = new Map([...ruleCatalog.keys()].map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
    const mistakes: string[] = [];
    for (const snippet of snippets) {
      const fired = firedRules(snippet.code);
      for (const id of new Set([...fired, ...snippet.expect])) {
        const count = counts.get(id) ?? { tp: 0, fp: 0, fn: 0 };
        counts.set(id, count);
        const expected = snippet.expect.includes(id);
        const got = fired.includes(id);
        if (expected && got) count.tp++;
        if (!expected && got) count.fp++;
        if (expected && !got) count.fn++;
        if (expected !== got) mistakes.push(`${snippet.name}: ${got ? "unexpected" : "missed"} ${id}`);
      }
    }
    const rows = [...counts].map(([id, { tp, fp, fn }]) => {
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      return { id, tp, fp, fn, precision, recall };
    });
    const table = rows
      .map(
        (row) =>
          `${row.id.padEnd(13)} tp ${String(row.tp).padStart(2)}  fp ${row.fp}  fn ${row.fn}  precision ${(row.precision * 100).toFixed(0).padStart(3)} %  recall ${(row.recall * 100).toFixed(0).padStart(3)} %`,
      )
      .join("\n");
    console.log(`code review accuracy over ${snippets.length} snippets\n${table}`);
    for (const row of rows) {
      expect(row.precision, `${row.id} precision\n${mistakes.join("\n")}`).toBeGreaterThanOrEqual(0.95);
      expect(row.recall, `${row.id} recall\n${mistakes.join("\n")}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it.each(
    snippets
      .filter((snippet) => snippet.origin !== "corpus")
      .map((snippet) => [snippet.name, snippet] as const),
  )("%s gets exactly its labelled findings (none for correct code)", (_name, snippet) => {
    expect(firedRules(snippet.code)).toEqual([...snippet.expect].sort());
  });
});
