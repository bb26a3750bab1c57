import { describe, expect, it } from "vitest";
import { describeCorrectAnswer } from "../../../src/domain/questions/correct-answer.js";
import { challenge, choice, multi, outputChoice, outputText, text, trueFalse } from "./build-questions.js";

describe("GIVEN a question is revealed THEN the correct answer comes back as data", () => {
  it("WHEN it has options THEN the correct indices (ascending) and the options", () => {
    expect(describeCorrectAnswer(choice({ options: ["a", "b", "c"], correct: 1 }))).toEqual({
      type: "options",
      indices: [1],
      options: ["a", "b", "c"],
    });
    expect(describeCorrectAnswer(multi({ correct: [3, 0] }))).toMatchObject({
      type: "options",
      indices: [0, 3],
    });
    expect(describeCorrectAnswer(outputChoice(["1", "2"], 0))).toMatchObject({
      type: "options",
      indices: [0],
    });
  });

  it("WHEN it has no options THEN the value, accepted texts, output or reference solution", () => {
    expect(describeCorrectAnswer(trueFalse(true))).toEqual({ type: "truefalse", value: true });
    expect(describeCorrectAnswer(text(["task_done", "task_done()"]))).toEqual({
      type: "text",
      accepted: ["task_done", "task_done()"],
    });
    expect(describeCorrectAnswer(outputText("1\n2"))).toEqual({ type: "output", output: "1\n2" });
    expect(describeCorrectAnswer(challenge({ solution: "x = 1\n" }))).toEqual({
      type: "solution",
      code: "x = 1\n",
    });
  });
});
