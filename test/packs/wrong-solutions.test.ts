import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proveChallenges, type SubjectProof } from "../../src/app/code-review/challenge-proof.js";
import type { ChallengeQuestion } from "../../src/domain/questions/question.js";
import { createCodeRunner, defaultRunLimits, type StartedCodeRunner } from "../../src/runner/index.js";
import { testMarker } from "../runner/bwrap-runner.js";
import { processesWith } from "../runner/host-processes.js";
import { shippedQuestionsByFile } from "./shipped-questions.js";

/** Runs per solution here; `quizbot validate --deep` makes 20. */
const RUNS = 3;
/**
 * Runs at once: the runner's concurrency on a machine with 4 cores. The checks mostly wait (barriers,
 * events, a wrong solution's hang until its check's timeout), so even 2 cores keep up with 4 sandboxes.
 */
const parallel = Math.max(4, availableParallelism());
const marker = testMarker("wrong-solutions");

const { questions, problems } = await shippedQuestionsByFile();
const challenges = questions.filter(
  (question): question is ChallengeQuestion => question.kind === "challenge",
);

let runner: StartedCodeRunner;
let proofs: SubjectProof[] = [];

beforeAll(async () => {
  // The bot's own limits: a check that only passes with more time than members get proves nothing.
  runner = await createCodeRunner({
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency: parallel,
    queueSize: parallel,
    warmPool: parallel,
    limits: defaultRunLimits,
    sandboxMarker: marker,
  });
  proofs = await proveChallenges(runner, challenges, RUNS, parallel);
}, 600_000);

afterAll(async () => {
  await runner?.close();
  expect(await processesWith(marker)).toEqual([]);
});

function proofOf(id: string, subject: (proof: SubjectProof) => boolean): SubjectProof | undefined {
  return proofs.find((proof) => proof.challengeId === id && subject(proof));
}

/** A readable account of each run, for the failure message. */
function account(proof: SubjectProof | undefined): string {
  if (!proof) return "never run";
  return proof.runs
    .map(
      (run, n) =>
        `run ${n + 1}: ${run.outcome} (${run.status}) ${run.failedChecks.map((c) => c.name).join("; ")}`,
    )
    .join("\n");
}

describe(`GIVEN every shipped challenge graded in the bwrap sandbox with the bot's limits, ${RUNS} runs each`, () => {
  it("THEN every topic file loaded, so no challenge was skipped", () => {
    expect(problems).toEqual([]);
    expect(challenges.length).toBeGreaterThan(0);
  });

  describe.each(challenges.map((challenge) => [challenge.id, challenge] as const))("%s", (id, challenge) => {
    it("THEN the reference solution passes every check on every run", () => {
      const proof = proofOf(id, (p) => p.subject.role === "reference");
      expect(proof?.proven, account(proof)).toBe(true);
    });

    const wrong = (challenge.wrongSolutions ?? []).map(
      (solution, index) => [solution.mistake, index] as const,
    );
    if (wrong.length > 0) {
      it.each(wrong)(
        "THEN the wrong solution '%s' fails a check, with its message, on every run",
        (_, index) => {
          const proof = proofOf(id, (p) => p.subject.role === "wrong" && p.subject.index === index);
          expect(proof?.proven, account(proof)).toBe(true);
        },
      );
    }
  });
});

describe("GIVEN a challenge whose wrong solutions slip past its checks", () => {
  const loose: ChallengeQuestion = {
    ...(challenges[0] as ChallengeQuestion),
    id: "loose-checks",
    checks: [
      { name: "doubles two", code: "from solution import double\nassert double(2) == 4, 'double(2)'\n" },
    ],
    solution: "def double(x):\n    return x * 2\n",
    wrongSolutions: [
      { mistake: "squares instead of doubling", code: "def double(x):\n    return x * x\n" },
      { mistake: "adds one", code: "def double(x):\n    return x + 1\n" },
      { mistake: "never returns", code: "import time\ndef double(x):\n    time.sleep(60)\n" },
      { mistake: "does not import", code: "def double(x) return x\n" },
    ],
  };

  it("THEN only the one a check catches, with its message, counts as proven", async () => {
    const [reference, squares, addsOne, hangs, broken] = await proveChallenges(runner, [loose], 1, parallel);
    expect(reference?.proven).toBe(true);
    expect(squares?.proven, "x * x equals x * 2 at 2, so the check misses it").toBe(false);
    expect(squares?.runs[0]?.outcome).toBe("passed");
    expect(addsOne?.proven).toBe(true);
    expect(addsOne?.runs[0]?.failedChecks).toEqual([
      { name: "doubles two", error: "AssertionError: double(2)" },
    ]);
    expect(hangs?.proven, "a timeout shows the member no check's message").toBe(false);
    expect(hangs?.runs[0]).toMatchObject({ outcome: "no_report", status: "timeout" });
    expect(broken?.runs[0]?.outcome).toBe("load_error");
    expect(broken?.proven).toBe(false);
  });
});
