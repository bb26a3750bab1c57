import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runQuizbot } from "../support/run-cli.js";
import * as cases from "./cases.js";

// `quizbot explore` as an operator or pack author runs it: a real child process, the real sandbox.

let folder: string;
const env = {
  RUNNER_BACKEND: "bwrap",
  RUNNER_EXPLORE_SECONDS: "60",
  RUNNER_PYTHON: process.env.RUNNER_PYTHON ?? "python3",
};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "quizbot-explore-cli-"));
});

async function file(name: string, code: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, code);
  return path;
}

describe("GIVEN quizbot explore --json", () => {
  it("THEN a race exits 1 with verdict, outcomes, deadlocks, baseline and replay; its --schedule and --seed replay it", async () => {
    const path = await file("race.py", cases.dictCheckThenAct);
    const run = await runQuizbot(["explore", "--json", "--runs", "40", path], { env, timeoutMs: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ verdict: "race", baseline: "computed 1 times\n", deadlocks: [] });
    const racing = report.outcomes.find(
      (outcome: { output: string }) => outcome.output === "computed 2 times\n",
    );
    expect(racing.count).toBeGreaterThan(0);
    const again = await runQuizbot(["explore", "--json", "--schedule", report.replay.text, path], { env });
    expect(JSON.parse(again.stdout).outcomes[0]).toMatchObject({ output: "computed 2 times\n", count: 1 });
    const bySeed = await runQuizbot(["explore", "--json", "--seed", String(racing.seed), path], { env });
    expect(JSON.parse(bySeed.stdout).outcomes[0]).toMatchObject({
      output: "computed 2 times\n",
      seed: racing.seed,
    });
  }, 300_000);

  it("THEN a correct program exits 0 with verdict single, and text mode never claims a proof", async () => {
    const path = await file("single.py", cases.queueWithPoisonPills);
    const run = await runQuizbot(["explore", "--runs", "20", path], { env, timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("SINGLE: one output in all 20 schedules tried (not a proof");
  }, 300_000);

  it("THEN bad input exits 2: nothing to explore, or a malformed --schedule", async () => {
    const plain = await file("plain.py", "print('hello')\n");
    const nothing = await runQuizbot(["explore", "--json", plain], { env });
    expect(nothing.code).toBe(2);
    expect(JSON.parse(nothing.stdout)).toMatchObject({ verdict: "nothing", reason: "no_concurrency" });
    const malformed = await runQuizbot(["explore", "--schedule", "x:y", plain], { env });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--schedule expects step:choice pairs");
  }, 120_000);
});
