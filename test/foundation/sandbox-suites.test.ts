import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { checkBubblewrap, sandboxSuites, skippedSandboxNotice } from "../support/sandbox-suites.js";

/** Test files that start the real bubblewrap sandbox, by the helpers and settings that do so. */
const usesSandbox =
  /startBwrapRunner|startTestRunner|startExploreRunner|RUNNER_BACKEND: "bwrap"|createCodeRunner\(\{\s*backend: "bwrap"/;

function testFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(relative);
    return entry.name.endsWith(".test.ts") ? [relative] : [];
  });
}

const matches = (file: string, glob: string) =>
  new RegExp(`^${glob.replace(/[.]/g, "\\.").replace(/\*/g, "[^/]*")}$`).test(file);

describe("the sandbox suites npm test leaves out without bubblewrap", () => {
  it("GIVEN every test file that starts the real sandbox THEN it is on the list vitest.config.ts leaves out", () => {
    const needing = testFiles("test").filter(
      (file) =>
        file !== "test/foundation/sandbox-suites.test.ts" &&
        usesSandbox.test(readFileSync(path.join(repoRoot, file), "utf8")),
    );
    expect(needing.length).toBeGreaterThan(5);
    const unlisted = needing.filter((file) => !sandboxSuites.some((glob) => matches(file, glob)));
    expect(unlisted).toEqual([]);
  });

  it("GIVEN a PATH without bwrap THEN the check says so and the notice names the suites and the command", () => {
    const check = checkBubblewrap({ PATH: "/nonexistent" });
    expect(check).toEqual({ ok: false, reason: "bubblewrap (bwrap) is not installed" });
    const notice = skippedSandboxNotice("bubblewrap (bwrap) is not installed");
    expect(notice).toContain("test/runner/run-command.test.ts");
    expect(notice).toContain("`apt-get install bubblewrap`");
  });
});
