import { availableParallelism } from "node:os";
import { proveChallenges, type SubjectProof, wantedOutcome } from "../../app/code-review/challenge-proof.js";
import { loadConfig } from "../../config.js";
import type { ChallengeQuestion, Pack } from "../../domain/questions/question.js";
import {
  codeRunnerOptionsFrom,
  createCodeRunner,
  type FoundInterpreter,
  interpretersFrom,
} from "../../runner/index.js";
import { type CliContext, UsageError } from "../command.js";

/** Runs per solution of `quizbot validate --deep`: the test suite makes 3. */
export const DEEP_RUNS = 20;

/**
 * `quizbot validate --deep`: grades every challenge's reference and wrong solutions `runs` times each
 * in the sandbox the bot uses (RUNNER_* settings), as many at once as the runner's concurrency allows,
 * and prints one line per solution and the time it took. Returns true when every solution behaved.
 * `python` names interpreters to prove on besides the default (`all`: every one the runner finds that
 * runs threads), as the bot grades members on the default but an operator may offer others.
 */
export async function deepCheck(
  context: CliContext,
  packs: readonly Pack[],
  runs: number,
  python?: string,
): Promise<boolean> {
  const challenges = packs
    .flatMap((pack) => pack.questions)
    .filter((question): question is ChallengeQuestion => question.kind === "challenge");
  const env = loadConfig(context.env).env;
  const options = codeRunnerOptionsFrom(env);
  const parallel = Math.max(1, Math.min(options.concurrency, availableParallelism()));
  const interpreters =
    python === undefined ? undefined : pickInterpreters((await interpretersFrom(env)).found, python);
  const runner = await createCodeRunner({
    ...options,
    concurrency: parallel,
    queueSize: parallel,
    ...(interpreters ? { interpreters } : {}),
  });
  const started = performance.now();
  let proofs: SubjectProof[];
  try {
    const names = interpreters ? interpreters.map((interpreter) => interpreter.name) : [undefined];
    proofs = await proveChallenges(runner, challenges, runs, parallel, names);
  } finally {
    await runner.close();
  }
  const seconds = (performance.now() - started) / 1000;
  for (const proof of proofs) context.stdout.write(`${describeProof(proof)}\n`);
  const failed = proofs.filter((proof) => !proof.proven).length;
  const missing = challenges.filter((challenge) => (challenge.wrongSolutions ?? []).length === 0);
  for (const challenge of missing) {
    context.stdout.write(
      `${challenge.id}: no wrong_solutions, so nothing shows its checks catch a mistake\n`,
    );
  }
  context.stdout.write(
    `\ndeep check: ${proofs.length} solutions of ${challenges.length} challenges, ${runs} runs each on ${runner.backend}${interpreters ? ` (${interpreters.map((i) => i.name).join(", ")})` : ""}, ${parallel} at once, in ${seconds.toFixed(1)} s: ${failed === 0 ? "all behaved" : `${failed} did not`}\n`,
  );
  return failed === 0 && missing.length === 0;
}

/** `3.12,3.13` or `all` (every interpreter found that runs threads), the default always first. */
function pickInterpreters(found: readonly FoundInterpreter[], list: string): FoundInterpreter[] {
  const threaded = found.filter((interpreter) => interpreter.backend === "bwrap");
  const [first] = threaded;
  if (first === undefined) throw new UsageError("--python: no interpreter here runs threads (bwrap)");
  if (list.trim() === "all") return threaded;
  const picked: FoundInterpreter[] = [first];
  for (const name of list
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const match = threaded.find((interpreter) => interpreter.name === name);
    if (match === undefined) {
      throw new UsageError(
        `--python: no interpreter ${name} (found: ${threaded.map((i) => i.name).join(", ")})`,
      );
    }
    if (!picked.includes(match)) picked.push(match);
  }
  return picked;
}

function describeProof(proof: SubjectProof): string {
  const on = proof.interpreter === undefined ? "" : ` on ${proof.interpreter}`;
  const who =
    proof.subject.role === "reference"
      ? `${proof.challengeId} reference${on}`
      : `${proof.challengeId} wrong_solutions[${proof.subject.index}]${on} (${proof.subject.mistake})`;
  const wanted = proof.subject.role === "reference" ? "passed" : "failed (or raced)";
  const counts = new Map<string, number>();
  for (const run of proof.runs) counts.set(run.outcome, (counts.get(run.outcome) ?? 0) + 1);
  const tally = [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
  if (proof.proven) {
    const caughtBy = new Set(proof.runs.flatMap((run) => run.failedChecks.map((check) => check.name)));
    const by = caughtBy.size > 0 ? `; caught by: ${[...caughtBy].join("; ")}` : "";
    return `ok    ${who}: ${tally}${by}`;
  }
  const odd = proof.runs.find((run) => !wantedOutcome(proof.subject, run));
  const detail = odd
    ? ` (first odd run: ${odd.outcome}, ${odd.status}${odd.failedChecks.length > 0 ? `, ${odd.failedChecks.map((check) => `${check.name}: ${check.error ?? ""}`).join("; ")}` : ""})`
    : "";
  return `FAIL  ${who}: ${tally}, wanted every run ${wanted}${detail}`;
}
