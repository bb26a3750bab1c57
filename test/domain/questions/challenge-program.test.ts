import { describe, expect, it } from "vitest";
import {
  challengePassed,
  challengeProgram,
  parseChallengeReport,
  SOLUTION_FILE,
} from "../../../src/domain/questions/challenge-program.js";
import { challenge } from "./build-questions.js";

const NONCE = "n0nce-for-tests-1234";

describe("GIVEN a challenge attempt", () => {
  it("THEN the member's code is the solution module and the nonce goes to stdin", () => {
    const program = challengeProgram(challenge(), "def double(x): return x + x\n", NONCE);
    expect(program.files).toEqual({ [SOLUTION_FILE]: "def double(x): return x + x\n" });
    expect(program.stdin).toBe(`${NONCE}\n`);
    expect(program.code).not.toContain(NONCE);
  });

  it("THEN check code with quotes, backslashes and $ patterns is embedded literally", () => {
    const code = `assert "a\\\\b" != 'c"d' and "$&" == "$&"  # ünïcode \u2028`;
    const program = challengeProgram(challenge({ checks: [{ name: 'it\'s "odd"', code }] }), "", NONCE);
    expect(program.code).toContain(JSON.stringify(code));
    expect(program.code).toContain(JSON.stringify('it\'s "odd"'));
  });

  it("WHEN the nonce is short or has odd characters THEN it is refused as a bug", () => {
    expect(() => challengeProgram(challenge(), "", "short")).toThrow(/nonce/);
    expect(() => challengeProgram(challenge(), "", "has spaces in it 123456")).toThrow(/nonce/);
  });
});

describe("GIVEN a run's stdout", () => {
  it("WHEN it holds the report line after the member's own output THEN the report is read", () => {
    const stdout = `hello\n{"checks":[]}\n${NONCE} {"checks":[{"name":"a","passed":true},{"name":"b","passed":false,"error":"AssertionError"}]}\n`;
    expect(parseChallengeReport(stdout, NONCE)).toEqual({
      checks: [
        { name: "a", passed: true },
        { name: "b", passed: false, error: "AssertionError" },
      ],
    });
  });

  it("WHEN the module failed to load THEN the load error comes back", () => {
    const report = parseChallengeReport(`${NONCE} {"loadError":"SyntaxError: bad","checks":[]}`, NONCE);
    expect(report).toEqual({ loadError: "SyntaxError: bad", checks: [] });
    expect(challengePassed(report)).toBe(false);
  });

  it("WHEN a report carries another nonce or none THEN it is not accepted", () => {
    const forged = `{"checks":[{"name":"a","passed":true}]}`;
    expect(parseChallengeReport(forged, NONCE)).toBeUndefined();
    expect(parseChallengeReport(`guessed-nonce-123456 ${forged}`, NONCE)).toBeUndefined();
  });

  it("WHEN the report line is malformed THEN there is no report", () => {
    expect(parseChallengeReport(`${NONCE} {"checks":[{"name":1}]}`, NONCE)).toBeUndefined();
    expect(parseChallengeReport(`${NONCE} {"checks":`, NONCE)).toBeUndefined();
    expect(parseChallengeReport("", NONCE)).toBeUndefined();
  });

  it("THEN a pass needs a load, at least one check and every check passed", () => {
    expect(challengePassed({ checks: [{ name: "a", passed: true }] })).toBe(true);
    expect(challengePassed({ checks: [] })).toBe(false);
    expect(
      challengePassed({
        checks: [
          { name: "a", passed: true },
          { name: "b", passed: false },
        ],
      }),
    ).toBe(false);
    expect(challengePassed(undefined)).toBe(false);
  });
});
