import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessCodeReviewer } from "../../src/review/process-code-reviewer.js";

/** 20 KiB, the most a member may post (RUNNER_CODE_KB), of input built to make a parser recurse. */
const size = 20 * 1024;
const hostile: readonly (readonly [string, string])[] = [
  ["nested parentheses", `x = ${"(".repeat(size / 2 - 4)}${")".repeat(size / 2 - 4)}\n`],
  ["unclosed call parentheses", `f${"(".repeat(size - 2)}\n`],
  ["a chain of unary minus", `x = ${"-".repeat(size - 6)}1\n`],
  ["nested lists", `x = ${"[".repeat(size / 2 - 4)}${"]".repeat(size / 2 - 4)}\n`],
  ["a long chain of additions", `x = ${Array.from({ length: size / 2 - 4 }, () => "a").join("+")}\n`],
];

const reviewer = new ProcessCodeReviewer();

beforeAll(async () => {
  await reviewer.warm();
}, 120_000);

afterAll(async () => {
  await reviewer.close();
});

describe("GIVEN the review worker and snippets crafted against its parsers", () => {
  it.each(hostile)(
    "WHEN it reviews %s THEN the snippet is too complex to review",
    async (_name, code) => {
      expect(code.length).toBeLessThanOrEqual(size);
      await expect(reviewer.review(code)).resolves.toEqual({ status: "too_complex" });
    },
    120_000,
  );

  it("THEN the same reviewer still reviews an ordinary snippet afterwards", async () => {
    const review = await reviewer.review("import asyncio, time\n\nasync def main():\n    time.sleep(1)\n");
    expect(review.status).toBe("reviewed");
    expect("findings" in review ? review.findings.map((finding) => finding.ruleId) : []).toEqual([
      "ASYNC251",
    ]);
  }, 120_000);

  it("WHEN a review outlasts its time limit THEN it is too complex, and the next review gets a new worker", async () => {
    const strict = new ProcessCodeReviewer({ timeoutMs: 1 });
    try {
      await strict.warm();
      const long = "import threading\n".concat("x = threading.Lock()\n".repeat(3000));
      await expect(strict.review(long)).resolves.toEqual({ status: "too_complex" });
    } finally {
      await strict.close();
    }
  }, 240_000);

  it("WHEN it is closed THEN reviews are refused, not left waiting", async () => {
    const closed = new ProcessCodeReviewer();
    await closed.close();
    await expect(closed.review("print(1)\n")).resolves.toEqual({ status: "unavailable" });
  });
});
