import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as cases from "./cases.js";
import { explore, explored, replayed, startExploreRunner } from "./explore-runner.js";

// The tracing differs by version (sys.settrace opcode events on 3.11, sys.monitoring on 3.12+), so
// one case runs on each other CPython this machine has under pyenv. Missing versions are skipped.

const pyenv = "/root/.pyenv/versions";
function interpreter(minor: string): string | undefined {
  if (!existsSync(pyenv)) return undefined;
  const version = readdirSync(pyenv).find((name) => name.startsWith(`${minor}.`));
  const path = version && `${pyenv}/${version}/bin/python3`;
  return path && existsSync(path) ? path : undefined;
}

// 3.8-3.10 trace through settrace opcode events like 3.11. Only 3.10 and newer switch the GIL just
// after calls and at backward jumps, so only there is a per-instruction switch called a rarity.
const versions = [
  ["3.12", cases.lostUpdate, "race", true],
  ["3.13", cases.asyncioCounter, "race", false],
  ["3.13", cases.twoLockDeadlock, "deadlock", null],
  ["3.10", cases.lostUpdate, "race", true],
  ["3.8", cases.lostUpdate, "race", false],
] as const;

describe.each(versions)("GIVEN CPython %s", (minor, code, verdict, perInstructionOnly) => {
  const python = interpreter(minor);
  it.skipIf(python === undefined)(
    `THEN the explorer finds the ${verdict} and its schedule replays 3/3`,
    async () => {
      const runner = await startExploreRunner(`explore-${minor.replace(".", "")}`, python);
      try {
        const report = explored(await explore(runner, code));
        expect(report.python.startsWith(`${minor}.`)).toBe(true);
        expect(report.verdict).toBe(verdict);
        if (perInstructionOnly !== null) expect(report.replay?.perInstructionOnly).toBe(perInstructionOnly);
        const schedule = report.replay?.schedule ?? [];
        for (let round = 0; round < 3; round += 1) {
          const again = replayed(await explore(runner, code, { schedule }));
          expect(again.replay.outcome).toEqual(report.replay?.outcome);
        }
      } finally {
        await runner.close();
      }
    },
    600_000,
  );
});
