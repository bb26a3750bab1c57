import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runQuizbot } from "../support/run-cli.js";

describe("/run in the console, as a real process with piped input", () => {
  let dataDir: string;
  let run: CliRun;
  let stored: { code: string; stdout: string; status: string }[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-console-run-"));
    const script = [
      "/as Alice",
      "/run ```python",
      "for i in range(3):",
      '    print(f"row {i} @everyone")',
      "```",
      "!1",
      "/check ```python",
      "import threading",
      "counter = 0",
      "def add():",
      "    global counter",
      "    counter += 1",
      "threads = [threading.Thread(target=add) for _ in range(4)]",
      "for t in threads:",
      "    t.start()",
      "for t in threads:",
      "    t.join()",
      "```",
      "/run print((1, 2)",
      "/run ```python",
      "import threading",
      "total = 0",
      "def add():",
      "    global total",
      "    total += 1",
      "workers = [threading.Thread(target=add) for _ in range(3)]",
      "for w in workers:",
      "    w.start()",
      "for w in workers:",
      "    w.join()",
      "```",
      "/as Bob",
      // Run again, Check determinism, Explore interleavings, then Add to my reviews.
      "!4",
      "",
    ].join("\n");
    run = await runQuizbot(["start", "--platform", "console", "--data-dir", dataDir], {
      input: script,
      env: { RUNNER_BACKEND: "bwrap", RUNNER_WARM_POOL: "0" },
      // Generous: the process migrates a fresh PGlite and probes the sandbox, slow on a shared machine.
      timeoutMs: 170_000,
    });
    const db = new PGlite(path.join(dataDir, "pglite"));
    stored = (
      await db.query<{ code: string; stdout: string; status: string }>(
        "select code, stdout, status from snippet_runs order by id",
      )
    ).rows;
    await db.close();
  }, 200_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("GIVEN a multi-line fenced block after /run THEN it runs as one snippet with plain, neutralised output", () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Run: snippet by Alice");
    expect(run.stdout).toMatch(/│ row 0 @\u200beveryone$/m);
    expect(run.stdout).toMatch(/│ row 2 @\u200beveryone$/m);
    expect(run.stdout).not.toMatch(/\d \| row/);
    expect(run.stdout).toContain("[!1] Run again");
  });

  it("GIVEN !1 under the result THEN the stored code runs again, and both runs are stored", () => {
    expect(run.stdout).toContain("Run again: snippet by Alice");
    expect(stored.filter((row) => row.code.includes("row {i}"))).toHaveLength(2);
    expect(stored[0]).toEqual({
      code: 'for i in range(3):\n    print(f"row {i} @everyone")\n',
      stdout: "row 0 @everyone\nrow 1 @everyone\nrow 2 @everyone\n",
      status: "ok",
    });
    expect(stored[1]?.code).toBe(stored[0]?.code);
  });

  it("GIVEN a clean snippet THEN its run carries a Review section naming what was checked", () => {
    expect(run.stdout).toContain("Review: No concurrency problems found. Checked: shared state and locks");
  });

  it("GIVEN /check THEN the code is reviewed without a run, and the unlocked update is found", () => {
    expect(run.stdout).toContain("Review only: snippet by Alice");
    expect(run.stdout).toContain("Line 5: Shared value updated by threads without a lock");
    expect(stored.map((row) => row.code)).not.toContainEqual(expect.stringContaining("counter += 1"));
  });

  it("GIVEN /run with code Python cannot parse THEN the syntax error is shown with a caret and nothing runs", () => {
    expect(run.stdout).toContain("Not run: snippet by Alice");
    expect(run.stdout).toMatch(/Python cannot parse this.*line 1, column/);
    expect(run.stdout).toContain("print((1, 2)");
    expect(stored.map((row) => row.code)).not.toContainEqual(expect.stringContaining("print((1, 2)"));
  });

  it("GIVEN racy code run by its author THEN she hears privately of her cards, and another member's Add to my reviews gives him his", () => {
    expect(run.stdout).toContain("[!4] Add to my reviews");
    expect(run.stdout).toMatch(
      /only Alice sees this\) .*3 cards on race condition and threading added to your reviews/,
    );
    expect(run.stdout).toMatch(
      /only Bob sees this\) .*3 cards on race condition and threading added to your reviews/,
    );
  });
});
