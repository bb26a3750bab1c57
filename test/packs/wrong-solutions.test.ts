import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proveChallenges, type SubjectProof } from "../../src/app/code-review/challenge-proof.js";
import type { ChallengeQuestion } from "../../src/domain/questions/question.js";
import {
  createCodeRunner,
  defaultRunLimits,
  discoverInterpreters,
  type FoundInterpreter,
  type StartedCodeRunner,
} from "../../src/runner/index.js";
import { testMarker } from "../runner/bwrap-runner.js";
import { processesWith } from "../runner/host-processes.js";
import { PACK_PYTHON_VERSIONS } from "./python-interpreters.js";
import { shippedQuestionsByFile } from "./shipped-questions.js";

/** Runs per solution here; `quizbot validate --deep` makes 20. */
const RUNS = 3;
/**
 * Runs at once, over all interpreters together. The checks mostly wait (barriers, events, a wrong
 * solution's hang until its check's timeout) rather than compute, so 6 sandboxes keep 2 cores busy
 * without starving any run of the time its checks allow (the bot's own limits apply to each).
 */
const parallel = Math.max(6, availableParallelism());
/** Explorations at once (the runner's exploration lane), out of `parallel`. */
const exploreLanes = 2;
const marker = testMarker("wrong-solutions");

const { questions, problems } = await shippedQuestionsByFile();
const challenges = questions.filter(
  (question): question is ChallengeQuestion => question.kind === "challenge",
);

/**
 * Every interpreter the runner discovers on this machine (RUNNER_PYTHON first, then Debian's and
 * pyenv's), one per minor version the pack promises (3.11-3.13): a second build of the same minor
 * version, and versions the pack does not promise (3.8-3.10 lack asyncio.timeout and TaskGroup, which
 * the asyncio challenges teach), are named here with the reason rather than silently dropped.
 */
const search = await discoverInterpreters({
  python: process.env.RUNNER_PYTHON ?? "python3",
  list: "auto",
  pyodide: false,
});
const proving: FoundInterpreter[] = [];
const notProving: string[] = [...search.skipped];
for (const found of search.found) {
  const minor = found.version.split(".").slice(0, 2).join(".");
  const twin = proving.find((other) => other.version.startsWith(`${minor}.`));
  if (!(PACK_PYTHON_VERSIONS as readonly string[]).includes(minor)) {
    notProving.push(
      `${found.name}: Python ${found.version} is outside the pack's ${PACK_PYTHON_VERSIONS.join(", ")}`,
    );
  } else if (twin) notProving.push(`${found.name}: another build of ${twin.name}, which is proved`);
  else proving.push(found);
}
const names = proving.map((interpreter) => interpreter.name);

let runner: StartedCodeRunner;
let proofs: SubjectProof[] = [];

beforeAll(async () => {
  // The bot's own limits: a check that only passes with more time than members get proves nothing.
  // One runner for every interpreter: one start, one queue, all of them graded side by side.
  runner = await createCodeRunner({
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    interpreters: proving,
    concurrency: parallel,
    queueSize: parallel,
    warmPool: 2,
    limits: defaultRunLimits,
    // A challenge with `explore: true` is explored after its checks pass (two at once, on every
    // interpreter proved); a full queue would leave it ungraded.
    explore: { concurrency: exploreLanes, queueSize: 2 * parallel, wallMs: 15_000 },
    sandboxMarker: marker,
  });
  const started = performance.now();
  // A challenge with `explore: true` holds its job through an exploration in the runner's own lane (two
  // at a time, several seconds each). Proved in one queue with the rest, its 3 x 4 jobs per interpreter
  // came up together and held every job slot waiting on that lane while the plain runs stood still (the
  // file took 188-234 s in CI). So the explored challenges get their own jobs, one per exploration slot,
  // beside the others: still at most `parallel` gradings at once, the same runs, the same proofs.
  const explored = challenges.filter((challenge) => challenge.explore === true);
  const plain = challenges.filter((challenge) => challenge.explore !== true);
  const proved = await Promise.all([
    proveChallenges(runner, explored, RUNS, exploreLanes, names),
    proveChallenges(runner, plain, RUNS, parallel - (explored.length > 0 ? exploreLanes : 0), names),
  ]);
  proofs = proved.flat();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.info(
    `wrong-solutions: ${proofs.length} solutions x ${RUNS} runs on ${names.join(", ")} in ${seconds} s; not proved on: ${notProving.join("; ") || "none"}`,
  );
}, 900_000);

afterAll(async () => {
  await runner?.close();
  expect(await processesWith(marker)).toEqual([]);
});

function proofOf(
  interpreter: string | undefined,
  id: string,
  subject: (proof: SubjectProof) => boolean,
): SubjectProof | undefined {
  return proofs.find(
    (proof) => proof.interpreter === interpreter && proof.challengeId === id && subject(proof),
  );
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

  it("THEN it runs on every minor version the pack promises that this machine has, the default among them", () => {
    expect(names.length).toBeGreaterThan(0);
    expect(proving[0]?.python).toBe(process.env.RUNNER_PYTHON ?? "python3");
    for (const found of search.found) {
      const minor = found.version.split(".").slice(0, 2).join(".");
      if ((PACK_PYTHON_VERSIONS as readonly string[]).includes(minor))
        expect(proving.some((interpreter) => interpreter.version.startsWith(`${minor}.`))).toBe(true);
    }
  });

  describe.each(names)("on %s", (interpreter) => {
    describe.each(challenges.map((challenge) => [challenge.id, challenge] as const))(
      "%s",
      (id, challenge) => {
        it("THEN the reference solution passes every check on every run", () => {
          const proof = proofOf(interpreter, id, (p) => p.subject.role === "reference");
          expect(proof?.proven, account(proof)).toBe(true);
        });

        const wrong = (challenge.wrongSolutions ?? []).map(
          (solution, index) => [solution.mistake, index] as const,
        );
        if (wrong.length > 0) {
          it.each(wrong)(
            "THEN the wrong solution '%s' fails a check, with its message, on every run",
            (_, index) => {
              const proof = proofOf(
                interpreter,
                id,
                (p) => p.subject.role === "wrong" && p.subject.index === index,
              );
              expect(proof?.proven, account(proof)).toBe(true);
            },
          );
        }
      },
    );
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
