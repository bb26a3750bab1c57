import { SOLUTION_FILE } from "../../domain/questions/challenge-program.js";
import type { ChallengeQuestion } from "../../domain/questions/question.js";
import type { ExploreTarget } from "./explore-program.js";

/**
 * What the explorer runs for a challenge declared `explore: true`: every check in turn against the
 * member's `solution.py`, printing one verdict line per check and nothing else (the member's own prints
 * and thread tracebacks are caught, so their order cannot pass for a race). Threads switch inside the
 * member's code only; the checks' code runs as written. A schedule that makes a check fail prints a
 * different line, which the explorer reports as a race.
 */
export function challengeExploreTarget(
  challenge: Pick<ChallengeQuestion, "checks">,
  memberCode: string,
): ExploreTarget {
  const checks = JSON.stringify(challenge.checks.map((check) => [check.name, check.code]));
  return {
    code: checksProgram.replace("__CHECKS__", () => JSON.stringify(checks)),
    files: { [SOLUTION_FILE]: memberCode },
    memberFile: SOLUTION_FILE,
    untracedEntry: true,
  };
}

const checksProgram = `import io, json, sys
import threading  # the checks start the threads; this marks the program as one to explore

CHECKS = json.loads(__CHECKS__)
verdicts = []
for name, source in CHECKS:
    real = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        exec(compile(source, "<check %s>" % name, "exec"), {"__name__": "__check__"})
        verdicts.append("pass  %s" % name)
    except BaseException as error:
        message = str(error).strip().splitlines()
        verdicts.append("FAIL  %s: %s%s" % (name, type(error).__name__, ": " + message[0] if message else ""))
    finally:
        sys.stdout, sys.stderr = real
print("\\n".join(verdicts))
`;
