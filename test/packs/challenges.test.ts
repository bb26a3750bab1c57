import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ChallengeReport,
  challengePassed,
  challengeProgram,
  parseChallengeReport,
} from "../../src/domain/questions/challenge-program.js";
import type { ChallengeQuestion } from "../../src/domain/questions/question.js";
import { mapWithLimit, runPython } from "./run-python.js";
import { shippedQuestionsByFile } from "./shipped-questions.js";

const { questions, problems } = await shippedQuestionsByFile();
const challenges = questions.filter(
  (question): question is ChallengeQuestion => question.kind === "challenge",
);

interface Attempts {
  solution?: ChallengeReport;
  starter?: ChallengeReport;
  forged?: ChallengeReport;
}
const attempts = new Map<string, Attempts>();

/** Member code that prints a passing report for every check, the way a cheat would try. */
function forgery(challenge: ChallengeQuestion): string {
  const report = JSON.stringify({
    checks: challenge.checks.map((check) => ({ name: check.name, passed: true })),
  });
  return `import sys\nprint(${JSON.stringify(report)})\nsys.stdout.flush()\n`;
}

async function attempt(
  challenge: ChallengeQuestion,
  memberCode: string,
): Promise<ChallengeReport | undefined> {
  const nonce = randomBytes(16).toString("hex");
  const run = await runPython(challengeProgram(challenge, memberCode, nonce), 20_000);
  return parseChallengeReport(run.stdout, nonce);
}

beforeAll(async () => {
  const jobs = challenges.flatMap((challenge) => [
    { challenge, role: "solution" as const, code: challenge.solution },
    { challenge, role: "starter" as const, code: challenge.starter },
    { challenge, role: "forged" as const, code: forgery(challenge) },
  ]);
  await mapWithLimit(jobs, 2, async (job) => {
    const report = await attempt(job.challenge, job.code);
    const entry = attempts.get(job.challenge.id) ?? {};
    if (report !== undefined) entry[job.role] = report;
    attempts.set(job.challenge.id, entry);
  });
}, 300_000);

describe("GIVEN the shipped challenges run through the harness with python3 -I", () => {
  it("THEN every topic file loaded, so no challenge was skipped", () => {
    expect(problems).toEqual([]);
  });

  describe.each(challenges.map((challenge) => [challenge.id, challenge] as const))("%s", (id) => {
    it("THEN the reference solution passes every check", () => {
      const report = attempts.get(id)?.solution;
      expect(report, "no report from the harness").toBeDefined();
      expect(report?.loadError).toBeUndefined();
      expect(report?.checks.filter((check) => !check.passed)).toEqual([]);
      expect(challengePassed(report)).toBe(true);
    });

    it("THEN the starter as shown to members fails at least one check", () => {
      const report = attempts.get(id)?.starter;
      expect(report, "no report from the harness").toBeDefined();
      expect(challengePassed(report)).toBe(false);
    });

    it("THEN member code printing a fake passing report does not pass", () => {
      const report = attempts.get(id)?.forged;
      expect(report, "no report from the harness").toBeDefined();
      expect(challengePassed(report)).toBe(false);
    });
  });
});
