import { describe, expect, it } from "vitest";
import { loadPacks } from "../../src/packs/load-packs.js";
import { formatPackProblem } from "../../src/packs/pack-problem.js";
import { DEMO_PACK_YAML, dedent, writeTempFiles } from "./temp-packs.js";

/**
 * Writes a pack `demo` with the given topic files (and pack.yaml unless given) and returns the
 * formatted problems, with the temporary folder shown as `quizzes` so the messages read as in a repo.
 */
async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const prefixed = Object.fromEntries(Object.entries(files).map(([name, text]) => [`demo/${name}`, text]));
  const root = await writeTempFiles({ "demo/pack.yaml": DEMO_PACK_YAML, ...prefixed });
  const loaded = await loadPacks(root);
  if (loaded.ok) throw new Error("expected the pack to be rejected");
  return loaded.error.map((problem) => formatPackProblem(problem).replaceAll(root, "quizzes"));
}

describe("GIVEN a broken pack THEN validation names file:line:col, the question and the rule", () => {
  it("WHEN the YAML does not parse", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: choice
            options: [one, two
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/gil.yaml:5:1 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("WHEN a mapping repeats a key", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: truefalse
            kind: choice
      `,
    });
    expect(problems).toEqual(["quizzes/demo/gil.yaml:4:5 YAML syntax error: Map keys must be unique"]);
  });

  it("WHEN two files of different packs use the same id, naming both places", async () => {
    const other = DEMO_PACK_YAML.replace("id: demo", "id: other");
    const question = dedent`
      questions:
        - id: gil-1
          kind: truefalse
          tags: [gil]
          difficulty: 1
          prompt: The GIL exists.
          answer: true
          explanation: It does in classic CPython.
    `;
    const root = await writeTempFiles({
      "demo/pack.yaml": DEMO_PACK_YAML,
      "demo/a.yaml": question,
      "other/pack.yaml": other,
      "other/b.yaml": question,
    });
    const loaded = await loadPacks(root);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.map((problem) => formatPackProblem(problem).replaceAll(root, "quizzes"))).toEqual([
      "quizzes/other/b.yaml:2:9 question gil-1: id is already used at quizzes/demo/a.yaml:2:9",
    ]);
  });

  it("WHEN a choice answer points past the options", async () => {
    const problems = await problemsOf({
      "asyncio.yaml": dedent`
        questions:
          - id: asyncio-taskgroup-1
            kind: choice
            tags: [asyncio, taskgroup]
            difficulty: 2
            prompt: What does a TaskGroup do when one task fails?
            options: [cancels the rest, ignores it, retries it]
            answer: 4
            explanation: The other tasks are cancelled and the errors are raised together.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/asyncio.yaml:8:13 question asyncio-taskgroup-1: answer index 4 is out of range (3 choices)",
    ]);
  });

  it("WHEN the kind is unknown", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: quiz
            prompt: Anything
      `,
    });
    expect(problems).toEqual([
      'quizzes/demo/gil.yaml:3:11 question gil-1: kind must be one of choice, multi, truefalse, text, output, challenge (got text "quiz")',
    ]);
  });

  it("WHEN the explanation is missing, pointing at the question", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: truefalse
            tags: [gil]
            difficulty: 1
            prompt: The GIL exists.
            answer: true
      `,
    });
    expect(problems).toEqual(["quizzes/demo/gil.yaml:2:5 question gil-1: explanation is required"]);
  });

  it("WHEN a key belongs to no field of the kind", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: choice
            tags: [gil]
            difficulty: 1
            prompt: Which lock does CPython hold to run bytecode?
            options: [the GIL, the import lock]
            answers: [0]
            answer: 0
            explanation: One interpreter lock guards bytecode execution.
      `,
    });
    expect(problems).toEqual([
      'quizzes/demo/gil.yaml:8:5 question gil-1: unknown key "answers" for a choice question',
    ]);
  });

  it("WHEN a multi question has a single correct option", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: multi
            tags: [gil]
            difficulty: 1
            prompt: Which release the GIL?
            options: [time.sleep, a pure-Python loop, socket.recv]
            answers: [0]
            explanation: Blocking I/O calls release it.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/gil.yaml:8:14 question gil-1: answers must list at least 2 correct options (a single correct option is a choice question) (got 1)",
    ]);
  });

  it("WHEN a multi question marks every option correct", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: multi
            tags: [gil]
            difficulty: 1
            prompt: Which release the GIL?
            options: [time.sleep, socket.recv]
            answers: [0, 1]
            explanation: Blocking I/O calls release it.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/gil.yaml:8:14 question gil-1: answers marks every option correct; a multi question needs at least one wrong option",
    ]);
  });

  it("WHEN a challenge starter has no ___ blank", async () => {
    const problems = await problemsOf({
      "challenges.yaml": dedent`
        questions:
          - id: sum-challenge
            kind: challenge
            tags: [futures]
            difficulty: 2
            prompt: Complete total.
            starter: "def total(xs): return sum(xs)"
            checks:
              - name: sums
                code: "from solution import total; assert total([1, 2]) == 3"
            solution: "def total(xs): return sum(xs)"
            explanation: sum adds them up.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/challenges.yaml:2:5 question sum-challenge: wrong_solutions is required",
      'quizzes/demo/challenges.yaml:7:14 question sum-challenge: starter must contain at least one ___ blank (got "def total(xs): return sum(xs)")',
    ]);
  });

  it("WHEN a challenge's wrong solution lacks its mistake, spans lines or carries an unknown key", async () => {
    const problems = await problemsOf({
      "challenges.yaml": dedent`
        questions:
          - id: sum-challenge
            kind: challenge
            tags: [futures]
            difficulty: 2
            prompt: Complete total.
            starter: "def total(xs): return ___"
            checks:
              - name: sums
                code: "from solution import total; assert total([1, 2]) == 3"
            solution: "def total(xs): return sum(xs)"
            wrong_solutions:
              - code: "def total(xs): return 0"
              - mistake: |
                  first line
                  second line
                code: "def total(xs): return len(xs)"
              - mistake: off by one
                code: "def total(xs): return sum(xs) + 1"
                why: extra key
            explanation: sum adds them up.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/challenges.yaml:13:9 question sum-challenge: wrong_solutions[0].mistake is required",
      "quizzes/demo/challenges.yaml:14:18 question sum-challenge: wrong_solutions[1].mistake must be one line",
      'quizzes/demo/challenges.yaml:20:9 question sum-challenge: unknown key "why" for a challenge question',
    ]);
  });

  it("WHEN a challenge lists fewer than 3 wrong solutions", async () => {
    const problems = await problemsOf({
      "challenges.yaml": dedent`
        questions:
          - id: sum-challenge
            kind: challenge
            tags: [futures]
            difficulty: 2
            prompt: Complete total.
            starter: "def total(xs): return ___"
            checks:
              - name: sums
                code: "from solution import total; assert total([1, 2]) == 3"
            solution: "def total(xs): return sum(xs)"
            wrong_solutions:
              - mistake: counts instead of adding
                code: "def total(xs): return len(xs)"
            explanation: sum adds them up.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/challenges.yaml:13:7 question sum-challenge: wrong_solutions must list at least 3 plausible wrong solutions, each a mistake the checks must catch (got 1)",
    ]);
  });

  it("WHEN an output question has no code", async () => {
    const problems = await problemsOf({
      "output.yaml": dedent`
        questions:
          - id: print-1
            kind: output
            tags: [basics]
            difficulty: 1
            ask: text
            expected: "3"
            explanation: Simple.
      `,
    });
    expect(problems).toEqual(["quizzes/demo/output.yaml:2:5 question print-1: code is required"]);
  });

  it("WHEN an output question that asks for text carries options", async () => {
    const problems = await problemsOf({
      "output.yaml": dedent`
        questions:
          - id: print-1
            kind: output
            tags: [basics]
            difficulty: 1
            code: print(1 + 2)
            ask: text
            expected: "3"
            options: ["3", "12"]
            explanation: Simple.
      `,
    });
    expect(problems).toEqual([
      'quizzes/demo/output.yaml:9:5 question print-1: unknown key "options" for an output question with ask: text',
    ]);
  });

  it("WHEN questions is not a list", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          id: gil-1
          kind: truefalse
      `,
    });
    expect(problems).toEqual(["quizzes/demo/gil.yaml:2:3 questions must be a list (got a mapping)"]);
  });

  it("WHEN a topic file is empty", async () => {
    const problems = await problemsOf({ "gil.yaml": "" });
    expect(problems).toEqual(["quizzes/demo/gil.yaml:1:1 must be a mapping with a questions: list"]);
  });

  it("WHEN two options are the same", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: choice
            tags: [gil]
            difficulty: 1
            prompt: Pick one.
            options:
              - threads
              - processes
              - threads
            answer: 1
            explanation: Because.
      `,
    });
    expect(problems).toEqual([
      'quizzes/demo/gil.yaml:10:9 question gil-1: options[2] repeats options[0] (got "threads")',
    ]);
  });

  it("WHEN the difficulty is not 1, 2 or 3", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: truefalse
            tags: [gil]
            difficulty: 4
            prompt: The GIL exists.
            answer: true
            explanation: It does.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/gil.yaml:5:17 question gil-1: difficulty must be 1 (easy), 2 (medium) or 3 (hard) (got 4)",
    ]);
  });

  it("WHEN an option that is text was written as a bare number", async () => {
    const problems = await problemsOf({
      "output.yaml": dedent`
        questions:
          - id: print-1
            kind: output
            tags: [basics]
            difficulty: 1
            code: print(1 + 2)
            ask: choice
            options: [3, "12"]
            answer: 0
            explanation: Simple.
      `,
    });
    expect(problems).toEqual([
      "quizzes/demo/output.yaml:8:15 question print-1: options[0] must be text (got the number 3; put it in quotes if it is text)",
    ]);
  });

  it("WHEN a question has no id, naming it by its position", async () => {
    const problems = await problemsOf({
      "gil.yaml": dedent`
        questions:
          - kind: truefalse
            tags: [gil]
            difficulty: 1
            prompt: The GIL exists.
            answer: true
            explanation: It does.
      `,
    });
    expect(problems).toEqual(["quizzes/demo/gil.yaml:2:5 question #1: id is required"]);
  });

  it("WHEN pack.yaml is wrong", async () => {
    const problems = await problemsOf({
      "pack.yaml": dedent`
        id: demo
        title: Demo
        description: ""
        language: English
        version: 1.0
        author: tests
        colour: blue
      `,
      "gil.yaml": dedent`
        questions:
          - id: gil-1
            kind: truefalse
            tags: [gil]
            difficulty: 1
            prompt: The GIL exists.
            answer: true
            explanation: It does.
      `,
    });
    expect(problems).toEqual([
      'quizzes/demo/pack.yaml:3:14 description must not be empty (got "")',
      'quizzes/demo/pack.yaml:4:11 language must be a language tag such as en or pt-BR (got "English")',
      "quizzes/demo/pack.yaml:5:10 version must be text (got the number 1; put it in quotes if it is text)",
      'quizzes/demo/pack.yaml:7:1 unknown key "colour"',
    ]);
  });

  it("WHEN the pack id differs from its folder name", async () => {
    const problems = await problemsOf({
      "pack.yaml": DEMO_PACK_YAML.replace("id: demo", "id: python"),
      "gil.yaml": "questions:\n  - 1\n",
    });
    expect(problems).toEqual([
      'quizzes/demo/pack.yaml:1:5 id must match the pack\'s folder name "demo"',
      "quizzes/demo/gil.yaml:2:5 question #1: must be a mapping of fields (id, kind, ...), got the number 1; put it in quotes if it is text",
    ]);
  });
  it("WHEN a topic file ends in .yml", async () => {
    const problems = await problemsOf({
      "gil.yml": "questions: []\n",
      "ok.yaml":
        "questions:\n  - {id: q-1, kind: truefalse, tags: [gil], difficulty: 1, prompt: P, answer: true, explanation: E}\n",
    });
    expect(problems).toEqual(["quizzes/demo/gil.yml: is ignored: topic files end in .yaml"]);
  });
});

describe("GIVEN a pack with many mistakes", () => {
  it("THEN every one of them is reported, file by file in line order", async () => {
    const problems = await problemsOf({
      "a.yaml": dedent`
        questions:
          - id: Bad_Id
            kind: text
            tags: [Queue, queue, queue]
            difficulty: 2
            prompt: ""
            accepted: []
            fuzzy: 0.5
            explanation: x
            reference: not a url
            seconds: 1
      `,
      "b.yaml": dedent`
        questions:
          - id: b-1
            kind: multi
            tags: []
            difficulty: hard
            prompt: Pick.
            options: [x, y, z]
            answers: [0, 7]
            keep_order: yes
            explanation: Because.
          - id: b-2
            kind: output
            tags: [basics]
            difficulty: 1
            code: print(1)
            ask: speak
            explanation: Because.
      `,
    });
    expect(problems).toEqual([
      'quizzes/demo/a.yaml:2:9 question Bad_Id: id must be lowercase kebab-case, e.g. gil-basics-1 (got "Bad_Id")',
      'quizzes/demo/a.yaml:4:12 question Bad_Id: tags[0] must be a lowercase topic tag such as io-bound (got "Queue")',
      'quizzes/demo/a.yaml:4:26 question Bad_Id: tags[2] repeats tags[1] (got "queue")',
      'quizzes/demo/a.yaml:6:13 question Bad_Id: prompt must not be empty (got "")',
      "quizzes/demo/a.yaml:7:15 question Bad_Id: accepted must list at least one accepted answer (got 0)",
      "quizzes/demo/a.yaml:8:12 question Bad_Id: fuzzy must be from 0 to 0.34 (got 0.5)",
      'quizzes/demo/a.yaml:10:16 question Bad_Id: reference must be an http(s) URL (got "not a url")',
      "quizzes/demo/a.yaml:11:14 question Bad_Id: seconds must be from 3 to 600 seconds (got 1)",
      "quizzes/demo/b.yaml:4:11 question b-1: tags must list 1 to 5 tags (got 0)",
      'quizzes/demo/b.yaml:5:17 question b-1: difficulty must be 1 (easy), 2 (medium) or 3 (hard) (got "hard")',
      "quizzes/demo/b.yaml:8:18 question b-1: answers index 7 is out of range (3 choices)",
      'quizzes/demo/b.yaml:9:17 question b-1: keep_order must be true or false (got text "yes")',
      'quizzes/demo/b.yaml:16:10 question b-2: ask must be choice or text (got "speak")',
    ]);
  });
});

describe("GIVEN a folder without packs", () => {
  it("THEN it says so, and names a folder of questions that lacks its pack.yaml", async () => {
    const root = await writeTempFiles({ "stray/gil.yaml": "questions: []\n" });
    const loaded = await loadPacks(root);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.map((problem) => formatPackProblem(problem).replaceAll(root, "quizzes"))).toEqual([
      "quizzes/stray: has question files but no pack.yaml",
      "quizzes: no quiz packs found (a pack is a folder holding pack.yaml)",
    ]);
  });
});
