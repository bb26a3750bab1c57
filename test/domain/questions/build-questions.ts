import type {
  ChallengeQuestion,
  ChoiceQuestion,
  MultiQuestion,
  OutputQuestion,
  TextQuestion,
  TrueFalseQuestion,
} from "../../../src/domain/questions/question.js";

/** Questions of every kind for the domain tests; each test states only what it relies on. */
const base = {
  packId: "demo",
  tags: ["basics"],
  difficulty: 1,
  prompt: "A prompt",
  explanation: "An explanation",
} as const;

export function choice(overrides: Partial<ChoiceQuestion> = {}): ChoiceQuestion {
  return {
    ...base,
    id: "choice-1",
    kind: "choice",
    options: ["a", "b", "c", "d"],
    correct: 2,
    keepOrder: false,
    ...overrides,
  };
}

export function multi(overrides: Partial<MultiQuestion> = {}): MultiQuestion {
  return {
    ...base,
    id: "multi-1",
    kind: "multi",
    options: ["a", "b", "c", "d"],
    correct: [0, 2],
    keepOrder: false,
    ...overrides,
  };
}

export function trueFalse(answer: boolean): TrueFalseQuestion {
  return { ...base, id: "tf-1", kind: "truefalse", answer };
}

export function text(accepted: readonly string[], fuzzy?: number): TextQuestion {
  return { ...base, id: "text-1", kind: "text", accepted, ...(fuzzy === undefined ? {} : { fuzzy }) };
}

export function outputChoice(options: readonly string[], correct: number, keepOrder = false): OutputQuestion {
  return {
    ...base,
    id: "output-1",
    kind: "output",
    code: "print(1)",
    ask: "choice",
    options,
    correct,
    keepOrder,
  };
}

export function outputText(expected: string): OutputQuestion {
  return { ...base, id: "output-2", kind: "output", code: "print(1)", ask: "text", expected };
}

export function challenge(overrides: Partial<ChallengeQuestion> = {}): ChallengeQuestion {
  return {
    ...base,
    id: "challenge-1",
    kind: "challenge",
    starter: "def double(x):\n    return ___\n",
    checks: [{ name: "doubles", code: "from solution import double\nassert double(2) == 4\n" }],
    solution: "def double(x):\n    return x * 2\n",
    ...overrides,
  };
}
