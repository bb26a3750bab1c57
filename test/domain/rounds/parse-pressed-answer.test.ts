import { describe, expect, it } from "vitest";
import type { Question } from "../../../src/domain/questions/question.js";
import { givenAnswer, parsePressedAnswer } from "../../../src/domain/rounds/parse-pressed-answer.js";
import { closesEarly, groupSize, groupsToCheck } from "../../../src/domain/rounds/standings.js";
import { choiceQuestion } from "../../support/questions.js";

const choice = choiceQuestion("q1", { options: ["zero", "one", "two"] });
const multi: Question = { ...choiceQuestion("m1"), kind: "multi", options: ["a", "b", "c"], correct: [0, 2] };
const truefalse: Question = {
  id: "t1",
  packId: "test-pack",
  kind: "truefalse",
  tags: [],
  difficulty: 1,
  prompt: "Is it?",
  explanation: "It is.",
  answer: true,
};
/** Shown as C, A, B: position 0 shows pack option 2. */
const shuffled = [2, 0, 1];

describe("a pressed answer", () => {
  it("GIVEN a choice button THEN it becomes the pack option it names, repeated back by its shown letter", () => {
    expect(parsePressedAnswer(choice, shuffled, { type: "choice", index: 0 })).toEqual({
      ok: true,
      value: { response: { type: "choice", index: 0 }, given: { type: "keys", keys: ["B"] } },
    });
  });

  it("GIVEN a true/false button THEN index 0 is True and 1 is False", () => {
    const pressed = parsePressedAnswer(truefalse, [0, 1], { type: "choice", index: 1 });
    expect(pressed).toEqual({
      ok: true,
      value: { response: { type: "truefalse", value: false }, given: { type: "keys", keys: ["B"] } },
    });
  });

  it("GIVEN a choice button beyond the question's options (forged or stale) THEN it is not an answer", () => {
    expect(parsePressedAnswer(choice, shuffled, { type: "choice", index: 3 })).toEqual({
      ok: false,
      error: "not_an_answer",
    });
  });

  it("GIVEN ticked keys of the multi-select THEN they map through the shown order, once each", () => {
    const pressed = parsePressedAnswer(multi, shuffled, { type: "multi", keys: ["C", "A", "A"] });
    expect(pressed).toEqual({
      ok: true,
      value: { response: { type: "multi", indices: [1, 2] }, given: { type: "keys", keys: ["A", "C"] } },
    });
  });

  it("GIVEN a key that is no shown option, or none at all THEN it is not an answer", () => {
    for (const keys of [["A", "Z"], ["a"], []]) {
      expect(parsePressedAnswer(multi, shuffled, { type: "multi", keys }).ok).toBe(false);
    }
  });

  it("GIVEN a typed response THEN the reply repeats it as the member saw it", () => {
    expect(givenAnswer({ type: "multi", indices: [0, 2] }, shuffled)).toEqual({
      type: "keys",
      keys: ["A", "B"],
    });
    expect(givenAnswer({ type: "truefalse", value: true }, [0, 1])).toEqual({ type: "truth", value: true });
    expect(givenAnswer({ type: "text", text: "x".repeat(150) }, [])).toEqual({
      type: "text",
      text: "x".repeat(100),
    });
  });
});

describe("closing a question early", () => {
  const everyone = { mode: "everyone" as const, answerWasCorrect: true };

  it("GIVEN nobody is known to be present THEN the question runs its time", () => {
    expect(closesEarly({ ...everyone, presentAnswered: 0, present: 0 })).toBe(false);
  });

  it("GIVEN members taken as present THEN the question closes once each of them has answered", () => {
    expect(closesEarly({ ...everyone, presentAnswered: 1, present: 1 })).toBe(true);
    expect(closesEarly({ ...everyone, presentAnswered: 1, present: 2 })).toBe(false);
    expect(closesEarly({ ...everyone, presentAnswered: 3, present: 3 })).toBe(true);
  });

  it("GIVEN first-correct mode THEN only a right answer closes it, on any question", () => {
    const base = { mode: "first_correct" as const, presentAnswered: 0, present: 0 };
    expect(closesEarly({ ...base, answerWasCorrect: true })).toBe(true);
    expect(closesEarly({ ...base, answerWasCorrect: false })).toBe(false);
  });

  const unknown = { kind: "unknown" } as const;
  const ada = { userId: 7, platformId: "UADA" };

  it("GIVEN question 1 in a channel that never played and a platform that cannot tell THEN nothing is checked: it runs its time", () => {
    expect(groupsToCheck({ previousRound: [], starter: 7, channel: unknown }, ada)).toEqual([]);
  });

  it("GIVEN question 1 THEN the previous round's members and the starter form a group, checked only on an answer from one of them", () => {
    const presence = { previousRound: [3, 5], starter: 7, channel: unknown };
    expect(groupsToCheck(presence, ada)).toEqual([{ among: "user_ids", ids: [3, 5, 7] }]);
    expect(groupsToCheck(presence, { userId: 9, platformId: "UNEW" })).toEqual([]);
    expect(groupsToCheck({ previousRound: [3], starter: null, channel: unknown }, ada)).toEqual([]);
  });

  it("GIVEN question 1 and the channel's members from the platform THEN a member's answer checks them all; a non-member's checks nothing", () => {
    const channel = { kind: "members", ids: ["UADA", "UBOB"] } as const;
    const presence = { previousRound: [], starter: 7, channel };
    expect(groupsToCheck(presence, ada)).toEqual([{ among: "platform_ids", ids: ["UADA", "UBOB"] }]);
    expect(groupsToCheck(presence, { userId: 9, platformId: "UGUEST" })).toEqual([]);
  });

  it("GIVEN question 1 and only a headcount from the platform THEN every answer counts towards it, beside the regulars", () => {
    const presence = { previousRound: [7], starter: 7, channel: { kind: "at_most", count: 3 } as const };
    const groups = groupsToCheck(presence, ada);
    expect(groups).toEqual([
      { among: "anyone", size: 3 },
      { among: "user_ids", ids: [7] },
    ]);
    expect(groups.map(groupSize)).toEqual([3, 1]);
    expect(groupsToCheck({ ...presence, channel: { kind: "at_most", count: 0 } }, ada)).toHaveLength(1);
  });
});
