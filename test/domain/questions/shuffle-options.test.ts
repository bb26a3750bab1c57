import { describe, expect, it } from "vitest";
import { shuffleOptions } from "../../../src/domain/questions/shuffle-options.js";
import { challenge, choice, multi, outputChoice, outputText, text } from "./build-questions.js";

const sixOptions = ["a", "b", "c", "d", "e", "f"];

describe("GIVEN a question with options", () => {
  it("WHEN the same round seed is used twice THEN the order is the same", () => {
    const question = choice({ options: sixOptions });
    expect(shuffleOptions(question, "round-42")).toEqual(shuffleOptions(question, "round-42"));
  });

  it("THEN the order is a permutation of every option index", () => {
    for (const seed of ["a", "b", "c", "round-1", "round-2"]) {
      const order = shuffleOptions(multi({ options: sixOptions, correct: [0, 1] }), seed);
      expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it("WHEN the seed changes THEN the orders vary between rounds", () => {
    const question = choice({ options: sixOptions });
    const orders = new Set(
      Array.from({ length: 20 }, (_, round) => shuffleOptions(question, `round-${round}`).join()),
    );
    expect(orders.size).toBeGreaterThan(10);
  });

  it("WHEN two questions share a round seed THEN they are not shuffled alike", () => {
    const orders = new Set(
      Array.from({ length: 10 }, (_, n) =>
        shuffleOptions(choice({ id: `q-${n}`, options: sixOptions }), "round-1").join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(5);
  });

  it("WHEN the question keeps its order THEN the file order is shown", () => {
    expect(shuffleOptions(choice({ options: sixOptions, keepOrder: true }), "round-42")).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(shuffleOptions(outputChoice(["x", "y", "z"], 0, true), "round-42")).toEqual([0, 1, 2]);
  });

  it("WHEN an output question asks for a choice THEN its options are shuffled too", () => {
    const orders = new Set(
      Array.from({ length: 10 }, (_, round) =>
        shuffleOptions(outputChoice(sixOptions, 0), `r${round}`).join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe("GIVEN a question without options", () => {
  it("THEN there is nothing to order", () => {
    expect(shuffleOptions(text(["x"]), "round-1")).toEqual([]);
    expect(shuffleOptions(outputText("1"), "round-1")).toEqual([]);
    expect(shuffleOptions(challenge(), "round-1")).toEqual([]);
  });
});
