import { beforeAll, describe, expect, it } from "vitest";
import { loadReviewer, reviewCode } from "../../src/review/review-code.js";
import { ruleCatalog } from "../../src/review/rule-catalog.js";
import { shippedQuestionsByFile } from "../packs/shipped-questions.js";

const { questions } = await shippedQuestionsByFile();
const packTags = new Set(
  questions.filter((question) => question.packId === "python-concurrency").flatMap((q) => q.tags),
);

beforeAll(async () => {
  await loadReviewer();
}, 120_000);

describe("GIVEN the review rules", () => {
  it("THEN there are at least 20 concurrency rules besides the syntax check", () => {
    expect([...ruleCatalog.keys()].filter((id) => id !== "syntax-error").length).toBeGreaterThanOrEqual(20);
  });

  it.each([...ruleCatalog.values()].map((rule) => [rule.id, rule] as const))(
    "%s has a title, why, fix, a Python docs link and tags of the first pack",
    (_id, rule) => {
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.why).toMatch(/\.$/);
      expect(rule.fix).toMatch(/\.$/);
      expect(rule.docs).toMatch(/^https:\/\/docs\.python\.org\/3\//);
      for (const tag of rule.tags) expect(packTags, `tag ${tag}`).toContain(tag);
      if (rule.id !== "syntax-error") expect(rule.tags.length).toBeGreaterThan(0);
    },
  );
});

describe("GIVEN a snippet Python cannot parse", () => {
  it("THEN the review is one syntax-error finding with the line, the column and the line to put a caret under", () => {
    const review = reviewCode("total = 0\nvalues = [1, 2\nprint(values)\n");
    expect(review.status).toBe("syntax_error");
    const [finding] = "findings" in review ? review.findings : [];
    expect(finding).toMatchObject({ ruleId: "syntax-error", line: 3 });
    expect(finding?.excerpt).toBe("print(values)");
    expect(finding?.excerptColumn).toBe(finding?.column);
    expect(finding?.message).toEqual(expect.any(String));
  });

  it("THEN a 20 KiB line is not echoed whole", () => {
    const review = reviewCode(`x = [${"1, ".repeat(6000)}1)\n`);
    const [finding] = "findings" in review ? review.findings : [];
    expect(review.status).toBe("syntax_error");
    expect(finding?.excerpt?.length).toBeLessThanOrEqual(120);
    expect(finding?.excerpt?.[(finding.excerptColumn ?? 1) - 1]).toBe(")");
  });
});

describe("GIVEN a snippet with several problems", () => {
  it("THEN findings come most important first, one per rule and line", () => {
    const review = reviewCode(
      [
        "import asyncio, tempfile, threading, time",
        "path = tempfile.mktemp()",
        "async def main():",
        "    time.sleep(1)",
        "t = threading.Thread(target=print)",
        "t.run()",
        "",
      ].join("\n"),
    );
    expect("findings" in review ? review.findings.map((f) => `${f.ruleId}@${f.line}`) : []).toEqual([
      "QB101@6",
      "ASYNC251@4",
      "S306@2",
    ]);
  });
});
