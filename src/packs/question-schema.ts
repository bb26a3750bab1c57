import { z } from "zod";

/**
 * The questions of a topic file as authors write them (docs/pack-format.md), one strict zod object per
 * kind so a key that belongs to another kind, or to no kind, is reported. Messages are predicates
 * ("must ..."): field-issues.ts puts the field's name in front. Rules that relate two fields (an answer
 * index and the number of options) live in question-rules.ts, because zod skips object-level
 * refinements once a field fails and authors should see every problem in one pass.
 */
export const QUESTION_KINDS = ["choice", "multi", "truefalse", "text", "output", "challenge"] as const;

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const idSchema = z.string().regex(KEBAB_CASE, "must be lowercase kebab-case, e.g. gil-basics-1");

const text = z.string().refine((value) => value.trim() !== "", "must not be empty");

/** Reports a repeated item at its own index, naming the first one, e.g. `options[3] ... options[1]`. */
function distinctItems<T extends string | number>(field: string) {
  return (items: readonly T[], context: z.core.$RefinementCtx<readonly T[]>) => {
    const firstIndex = new Map<T, number>();
    items.forEach((item, index) => {
      const first = firstIndex.get(item);
      if (first === undefined) firstIndex.set(item, index);
      else context.addIssue({ code: "custom", path: [index], message: `repeats ${field}[${first}]` });
    });
  };
}

const tags = z
  .array(z.string().regex(KEBAB_CASE, "must be a lowercase topic tag such as io-bound"))
  .min(1, "must list 1 to 5 tags")
  .max(5, "must list 1 to 5 tags")
  .superRefine(distinctItems("tags"));

const difficulty = z.literal([1, 2, 3], { error: "must be 1 (easy), 2 (medium) or 3 (hard)" });

export const secondsSchema = z
  .int()
  .min(3, "must be from 3 to 600 seconds")
  .max(600, "must be from 3 to 600 seconds");

const options = z
  .array(text)
  .min(2, "must list 2 to 6 options")
  .max(6, "must list 2 to 6 options")
  .superRefine(distinctItems("options"));

export const optionIndex = z.int().min(0, "must be a zero-based option index");

// Descriptions are what an editor shows beside a field (quizzes/pack.schema.json is generated from here).
const baseShape = {
  id: idSchema.describe("Unique across all packs and never reused: scores and review history hang on it."),
  kind: z.enum(QUESTION_KINDS),
  tags: tags.describe("1 to 5 distinct lowercase topic tags."),
  difficulty: difficulty.describe("1 easy, 2 medium, 3 hard."),
  prompt: text.describe("Markdown; fenced python blocks are fine."),
  explanation: text.describe("Shown after the answer is revealed."),
  reference: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .describe("An http(s) URL, e.g. the Python docs page.")
    .optional(),
  seconds: secondsSchema.describe("Time for this question (3-600), instead of the pack's.").optional(),
};

const choiceShape = {
  options,
  answer: optionIndex.describe("Zero-based index of the correct option."),
  keep_order: z.boolean().describe("Keep the file's option order instead of shuffling.").optional(),
};

export const choiceSchema = z.strictObject({ ...baseShape, ...choiceShape });

export const multiSchema = z.strictObject({
  ...baseShape,
  options,
  answers: z
    .array(optionIndex)
    .min(2, "must list at least 2 correct options (a single correct option is a choice question)")
    .superRefine(distinctItems("answers")),
  keep_order: z.boolean().optional(),
});

export const trueFalseSchema = z.strictObject({ ...baseShape, answer: z.boolean() });

export const textSchema = z.strictObject({
  ...baseShape,
  accepted: z
    .array(text)
    .min(1, "must list at least one accepted answer")
    .superRefine(distinctItems("accepted")),
  fuzzy: z
    .number()
    .min(0, "must be from 0 to 0.34")
    .max(0.34, "must be from 0 to 0.34")
    .describe("Share of the answer's length that may be typos (0 to 0.34).")
    .optional(),
});

const outputShape = {
  ...baseShape,
  prompt: text.optional(),
  code: text,
  ask: z.enum(["choice", "text"], { error: "must be choice or text" }),
};

export const outputChoiceSchema = z.strictObject({ ...outputShape, ...choiceShape });

export const outputTextSchema = z.strictObject({
  ...outputShape,
  expected: text,
});

/** Used when `ask` itself is wrong: checks the shared fields without guessing which keys belong. */
export const outputAnyAskSchema = z.object(outputShape);

/** Wrong solutions a challenge needs: one passing reference proves the checks accept, not that they refuse. */
export const MIN_WRONG_SOLUTIONS = 3;

export const challengeSchema = z.strictObject({
  ...baseShape,
  starter: text.refine((value) => value.includes("___"), "must contain at least one ___ blank"),
  checks: z
    .array(z.strictObject({ name: text, code: text }))
    .min(1, "must list at least one check")
    .superRefine((checks, context) => {
      const firstIndex = new Map<string, number>();
      checks.forEach((check, index) => {
        const first = firstIndex.get(check.name);
        if (first === undefined) firstIndex.set(check.name, index);
        else
          context.addIssue({
            code: "custom",
            path: [index, "name"],
            message: `repeats checks[${first}].name`,
          });
      });
    }),
  solution: text,
  /** Also explore the checks' interleavings: a submission that races or deadlocks under some schedule is wrong. */
  explore: z.boolean().optional(),
  wrong_solutions: z
    .array(
      z.strictObject({
        mistake: text.refine((value) => !value.trim().includes("\n"), "must be one line"),
        code: text,
      }),
    )
    .min(
      MIN_WRONG_SOLUTIONS,
      `must list at least ${MIN_WRONG_SOLUTIONS} plausible wrong solutions, each a mistake the checks must catch`,
    ),
});

export type ChoiceEntry = z.infer<typeof choiceSchema>;
export type MultiEntry = z.infer<typeof multiSchema>;
export type TrueFalseEntry = z.infer<typeof trueFalseSchema>;
export type TextEntry = z.infer<typeof textSchema>;
export type OutputChoiceEntry = z.infer<typeof outputChoiceSchema>;
export type OutputTextEntry = z.infer<typeof outputTextSchema>;
export type ChallengeEntry = z.infer<typeof challengeSchema>;
