import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPacks } from "../../src/packs/load-packs.js";
import { repoRoot } from "../support/paths.js";

describe("the README", () => {
  it("GIVEN the pack format examples in the README THEN they form a valid pack with one question of each kind", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const section = readme.split("## Quiz packs")[1] ?? "";
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const dir = await mkdtemp(path.join(tmpdir(), "quizbot-readme-"));
    try {
      const packDir = path.join(dir, "readme-examples");
      await mkdir(packDir);
      await writeFile(
        path.join(packDir, "pack.yaml"),
        "id: readme-examples\ntitle: README\ndescription: examples\nlanguage: en\nversion: 1.0.0\nauthor: tests\n",
      );
      await writeFile(path.join(packDir, "examples.yaml"), yaml ?? "");
      const loaded = await loadPacks(dir);
      expect(loaded.ok ? [] : loaded.error).toEqual([]);
      const kinds = loaded.ok
        ? loaded.value.flatMap((pack) => pack.questions.map((question) => question.kind))
        : [];
      expect(kinds.sort()).toEqual(["challenge", "choice", "multi", "output", "text", "truefalse"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN the README THEN it gives the two set-up commands and the test command", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });
});
