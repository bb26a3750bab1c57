import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runQuizbot } from "../support/run-cli.js";
import * as cases from "./cases.js";

/** The console as a real process with piped input: /run, then !3 (Explore interleavings), then !1 (Replay). */
describe("exploring interleavings in the console", () => {
  let dataDir: string;
  let run: CliRun;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-console-explore-"));
    const script = [
      "/as Alice",
      "/run ```python",
      ...cases.attributeReadThenWrite.split("\n"),
      "```",
      "!3",
      "!1",
      "",
    ];
    run = await runQuizbot(["start", "--platform", "console", "--data-dir", dataDir], {
      input: script.join("\n"),
      env: {
        RUNNER_BACKEND: "bwrap",
        RUNNER_WARM_POOL: "0",
        RUNNER_EXPLORE_SECONDS: "60",
        RUNNER_PYTHON: process.env.RUNNER_PYTHON ?? "python3",
      },
      timeoutMs: 400_000,
    });
  }, 420_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("GIVEN a run of threaded code THEN it offers Explore interleavings, which reports the race with its story and a Replay that reruns it", () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("[!3] Explore interleavings");
    expect(run.stdout).toContain("Interleavings: snippet by Alice");
    expect(run.stdout).toContain("Race:");
    expect(run.stdout).toContain("[True, True] -60");
    expect(run.stdout).toMatch(
      /1\. Thread-1 \(<lambda>\) paused before line 9 current = self\.balance \(self\.balance=100\)/,
    );
    expect(run.stdout).toContain("[!1] Replay");
    expect(run.stdout).toContain("Replay: snippet by Alice");
    expect(run.stdout.split("Replay: snippet by Alice")[1]).toContain("[True, True] -60");
  });
});
