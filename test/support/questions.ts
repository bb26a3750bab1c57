import type { ChoiceQuestion, Pack, TextQuestion } from "../../src/domain/questions/question.js";

/** A tiny pack for tests that need stored questions but not the shipped content. */
export function choiceQuestion(id: string, overrides: Partial<ChoiceQuestion> = {}): ChoiceQuestion {
  return {
    id,
    packId: "test-pack",
    kind: "choice",
    tags: ["testing"],
    difficulty: 1,
    prompt: `Prompt of ${id}`,
    explanation: `Explanation of ${id}`,
    options: ["zero", "one", "two"],
    correct: 1,
    keepOrder: true,
    ...overrides,
  };
}

export function textQuestion(id: string, accepted: readonly string[]): TextQuestion {
  return {
    id,
    packId: "test-pack",
    kind: "text",
    tags: ["testing"],
    difficulty: 1,
    prompt: `Prompt of ${id}`,
    explanation: `Explanation of ${id}`,
    accepted,
  };
}

export function testPack(questions: Pack["questions"]): Pack {
  return {
    id: "test-pack",
    title: "Test pack",
    description: "Questions for tests",
    language: "en",
    version: "1.0.0",
    author: "tests",
    settings: { secondsPerQuestion: 20 },
    questions,
  };
}
