import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { slowFirst } from "../support/slow-first-sequencer.js";

describe("the long test files vitest starts first", () => {
  it("GIVEN the list THEN every name on it is a test file, so a renamed file is not quietly ordered by size", () => {
    const missing = slowFirst.filter((file) => !existsSync(path.join(repoRoot, file)));
    expect(missing).toEqual([]);
    expect(new Set(slowFirst).size).toBe(slowFirst.length);
  });
});
