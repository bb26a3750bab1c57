import { describe, expect, it } from "vitest";
import { checkAnswer } from "../../../src/domain/questions/check-answer.js";
import { challenge, choice, multi, outputChoice, outputText, text, trueFalse } from "./build-questions.js";

const says = (reply: string) => ({ type: "text", text: reply }) as const;

describe("GIVEN a choice question", () => {
  it("WHEN the correct option is picked THEN it is correct", () => {
    expect(checkAnswer(choice({ correct: 2 }), { type: "choice", index: 2 })).toEqual({
      correct: true,
      match: "exact",
    });
  });

  it("WHEN another option or an index that does not exist is picked THEN it is wrong", () => {
    expect(checkAnswer(choice({ correct: 2 }), { type: "choice", index: 1 })).toEqual({
      correct: false,
      reason: "wrong",
    });
    expect(checkAnswer(choice({ correct: 2 }), { type: "choice", index: 9 }).correct).toBe(false);
  });

  it("WHEN the reply is text THEN it is an unexpected response, not a wrong answer", () => {
    expect(checkAnswer(choice(), says("c"))).toEqual({ correct: false, reason: "unexpected-response" });
  });
});

describe("GIVEN a multi question with options 0 and 2 correct", () => {
  const question = multi({ correct: [0, 2] });

  it("WHEN exactly those are picked, in any order THEN it is correct", () => {
    expect(checkAnswer(question, { type: "multi", indices: [2, 0] }).correct).toBe(true);
  });

  it("WHEN one is picked twice THEN it counts once", () => {
    expect(checkAnswer(question, { type: "multi", indices: [0, 2, 2] }).correct).toBe(true);
  });

  it("WHEN only some, or all plus a wrong one, are picked THEN it is wrong", () => {
    expect(checkAnswer(question, { type: "multi", indices: [0] }).correct).toBe(false);
    expect(checkAnswer(question, { type: "multi", indices: [0, 1, 2] }).correct).toBe(false);
    expect(checkAnswer(question, { type: "multi", indices: [] }).correct).toBe(false);
  });
});

describe("GIVEN a true/false question", () => {
  it("THEN only the matching value is correct", () => {
    expect(checkAnswer(trueFalse(false), { type: "truefalse", value: false }).correct).toBe(true);
    expect(checkAnswer(trueFalse(false), { type: "truefalse", value: true }).correct).toBe(false);
    expect(checkAnswer(trueFalse(true), { type: "choice", index: 0 })).toEqual({
      correct: false,
      reason: "unexpected-response",
    });
  });
});

describe("GIVEN a text question", () => {
  it("WHEN the reply differs only in case, spacing, backticks, a full stop or a trailing () THEN it is exact", () => {
    const question = text(["task_done"]);
    for (const reply of ["task_done", "  TASK_DONE ", "`task_done()`", "task_done().", "Task_Done()"]) {
      expect(checkAnswer(question, says(reply)), reply).toEqual({ correct: true, match: "exact" });
    }
  });

  it("WHEN the reply has curly quotes THEN they count as straight ones", () => {
    const question = text([`"spam"`, "'eggs'"]);
    expect(checkAnswer(question, says("\u201Cspam\u201D")).correct).toBe(true);
    expect(checkAnswer(question, says("\u2018eggs\u2019")).correct).toBe(true);
  });

  it("WHEN inner whitespace differs THEN it still matches", () => {
    expect(checkAnswer(text(["event loop"]), says("event \n  loop")).correct).toBe(true);
  });

  it("WHEN the accepted 4 stands as a word in a short sentence THEN it is correct by words", () => {
    const question = text(["4"]);
    expect(checkAnswer(question, says("the answer is 4"))).toEqual({ correct: true, match: "words" });
    expect(checkAnswer(question, says("4, I think.")).correct).toBe(true);
  });

  it("WHEN 4 only appears inside another number THEN it is wrong", () => {
    const question = text(["4"]);
    for (const reply of ["14", "41", "4.5", "-4x", "four"]) {
      expect(checkAnswer(question, says(reply)).correct, reply).toBe(false);
    }
  });

  it("WHEN the words around the answer are a list of guesses, a negation or a long essay THEN it is wrong", () => {
    const question = text(["4"]);
    expect(checkAnswer(question, says("1 2 3 4")).correct).toBe(false);
    expect(checkAnswer(question, says("not 4")).correct).toBe(false);
    expect(checkAnswer(question, says("well I am really quite sure it is 4")).correct).toBe(false);
  });

  it("WHEN a multi-word answer is part of a sentence THEN its words must be contiguous", () => {
    const question = text(["event loop"]);
    expect(checkAnswer(question, says("the event loop")).correct).toBe(true);
    expect(checkAnswer(question, says("loop event")).correct).toBe(false);
  });

  it("WHEN typos are allowed THEN a reply within the share of edits passes as a typo", () => {
    const question = text(["task_done"], 0.2);
    // "task_done" has 9 characters, so 20% allows one edit.
    expect(checkAnswer(question, says("task_dnoe")).correct).toBe(false);
    expect(checkAnswer(question, says("tsk_done"))).toEqual({ correct: true, match: "typo" });
    expect(checkAnswer(question, says("task_don"))).toEqual({ correct: true, match: "typo" });
  });

  it("WHEN typos are allowed THEN a reply too many edits away is still wrong", () => {
    expect(checkAnswer(text(["task_done"], 0.2), says("tsk_dne")).correct).toBe(false);
  });

  it("WHEN typos are not allowed THEN one edit is already wrong", () => {
    expect(checkAnswer(text(["task_done"]), says("tsk_done")).correct).toBe(false);
  });

  it("WHEN a near miss changes a digit THEN it is not a typo", () => {
    expect(checkAnswer(text(["python3.13"], 0.34), says("python3.12")).correct).toBe(false);
    expect(checkAnswer(text(["python3.13"], 0.34), says("pyhton3.13")).correct).toBe(true);
  });

  it("WHEN the reply is empty or only spaces THEN it is wrong", () => {
    expect(checkAnswer(text(["x"], 0.34), says("   ")).correct).toBe(false);
  });
});

describe("GIVEN an output question", () => {
  it("WHEN it asks for a choice THEN the correct index wins", () => {
    expect(checkAnswer(outputChoice(["1 2", "2 1"], 1), { type: "choice", index: 1 }).correct).toBe(true);
    expect(checkAnswer(outputChoice(["1 2", "2 1"], 1), { type: "choice", index: 0 }).correct).toBe(false);
  });

  it("WHEN it asks for text THEN layout and trailing spaces do not matter, but case does", () => {
    const question = outputText("True\n['a', 'b']\n");
    expect(checkAnswer(question, says("True ['a', 'b']")).correct).toBe(true);
    expect(checkAnswer(question, says("```\nTrue   \n['a', 'b']\n```")).correct).toBe(true);
    expect(checkAnswer(question, says("True [\u2018a\u2019, \u2018b\u2019]")).correct).toBe(true);
    expect(checkAnswer(question, says("true ['a', 'b']")).correct).toBe(false);
    expect(checkAnswer(question, says("True ['a','b']")).correct).toBe(false);
  });
});

describe("GIVEN a challenge", () => {
  it("THEN checkAnswer leaves it to the code runner", () => {
    expect(checkAnswer(challenge(), says("def double(x): return 2 * x"))).toEqual({
      correct: false,
      reason: "needs-runner",
    });
  });
});
