import { z } from "zod";
import type { Difficulty, Question } from "../domain/questions/question.js";
import { describeIssues, describeValue, type FieldIssue } from "./field-issues.js";
import { crossFieldIssues } from "./question-rules.js";
import {
  challengeSchema,
  choiceSchema,
  idSchema,
  multiSchema,
  outputAnyAskSchema,
  outputChoiceSchema,
  outputTextSchema,
  QUESTION_KINDS,
  textSchema,
  trueFalseSchema,
} from "./question-schema.js";

/**
 * The prompt of an output question that has none. Pack data rather than adapter wording: it is part
 * of the question, like any prompt an author writes.
 */
export const DEFAULT_OUTPUT_PROMPT = "What does this print?";

export type QuestionEntryResult =
  | { readonly ok: true; readonly question: Question }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Validates one item of a topic file's `questions:` list and maps it to the domain's `Question`. */
export function readQuestionEntry(entry: unknown, packId: string): QuestionEntryResult {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    const message = `must be a mapping of fields (id, kind, ...), got ${describeValue(entry)}`;
    return { ok: false, issues: [{ path: [], message }] };
  }
  const fields = entry as Record<string, unknown>;
  const kind = z.enum(QUESTION_KINDS).safeParse(fields.kind);
  if (!kind.success) {
    const idIssues = describeIssues(z.object({ id: idSchema }).safeParse(fields).error?.issues ?? [], fields);
    const message =
      fields.kind === undefined
        ? `kind is required (one of ${QUESTION_KINDS.join(", ")})`
        : `kind must be one of ${QUESTION_KINDS.join(", ")} (got ${describeValue(fields.kind)})`;
    return { ok: false, issues: [...idIssues, { path: ["kind"], message }] };
  }
  const reader = readerFor(kind.data, fields.ask);
  const read = reader.read(fields, packId);
  const issues = [
    ...describeIssues(read.issues, fields).map((issue) =>
      issue.atKey ? { ...issue, message: `${issue.message} for ${reader.noun}` } : issue,
    ),
    ...crossFieldIssues(fields, reader.answerField),
  ];
  if (read.question === undefined || issues.length > 0) return { ok: false, issues };
  return { ok: true, question: read.question };
}

interface KindReader {
  /** "a choice question": completes "unknown key ... for". */
  readonly noun: string;
  /** The field holding option indices, checked against the number of options. */
  readonly answerField: "answer" | "answers" | undefined;
  read(fields: unknown, packId: string): { issues: readonly z.core.$ZodIssue[]; question?: Question };
}

function reader<T>(
  schema: z.ZodType<T>,
  noun: string,
  answerField: KindReader["answerField"],
  toQuestion: (entry: T, packId: string) => Question,
): KindReader {
  return {
    noun,
    answerField,
    read: (fields, packId) => {
      const parsed = schema.safeParse(fields);
      return parsed.success
        ? { issues: [], question: toQuestion(parsed.data, packId) }
        : { issues: parsed.error.issues };
    },
  };
}

/** Each kind's schema, its name in messages, and its mapping from file keys to domain fields. */
function readerFor(kind: (typeof QUESTION_KINDS)[number], ask: unknown): KindReader {
  switch (kind) {
    case "choice":
      return reader(choiceSchema, "a choice question", "answer", (e, packId) => ({
        ...base(e, packId),
        kind: "choice",
        options: e.options,
        correct: e.answer,
        keepOrder: e.keep_order ?? false,
      }));
    case "multi":
      return reader(multiSchema, "a multi question", "answers", (e, packId) => ({
        ...base(e, packId),
        kind: "multi",
        options: e.options,
        correct: e.answers,
        keepOrder: e.keep_order ?? false,
      }));
    case "truefalse":
      return reader(trueFalseSchema, "a truefalse question", undefined, (e, packId) => ({
        ...base(e, packId),
        kind: "truefalse",
        answer: e.answer,
      }));
    case "text":
      return reader(textSchema, "a text question", undefined, (e, packId) => ({
        ...base(e, packId),
        kind: "text",
        accepted: e.accepted,
        ...(e.fuzzy === undefined ? {} : { fuzzy: e.fuzzy }),
      }));
    case "output":
      if (ask === "choice") {
        return reader(outputChoiceSchema, "an output question with ask: choice", "answer", (e, packId) => ({
          ...base(e, packId),
          prompt: e.prompt ?? DEFAULT_OUTPUT_PROMPT,
          kind: "output",
          code: e.code,
          ask: "choice",
          options: e.options,
          correct: e.answer,
          keepOrder: e.keep_order ?? false,
        }));
      }
      if (ask === "text") {
        return reader(outputTextSchema, "an output question with ask: text", undefined, (e, packId) => ({
          ...base(e, packId),
          prompt: e.prompt ?? DEFAULT_OUTPUT_PROMPT,
          kind: "output",
          code: e.code,
          ask: "text",
          expected: e.expected,
        }));
      }
      // `ask` is missing or wrong, so this schema cannot pass; it still reports the other fields.
      return reader(outputAnyAskSchema, "an output question", undefined, () => {
        throw new Error("an output question without a valid ask cannot validate");
      });
    case "challenge":
      return reader(challengeSchema, "a challenge question", undefined, (e, packId) => ({
        ...base(e, packId),
        kind: "challenge",
        starter: e.starter,
        checks: e.checks,
        solution: e.solution,
        wrongSolutions: e.wrong_solutions,
        ...(e.explore === true ? { explore: true } : {}),
      }));
  }
}

interface BaseEntry {
  readonly id: string;
  readonly tags: readonly string[];
  readonly difficulty: Difficulty;
  readonly prompt?: string | undefined;
  readonly explanation: string;
  readonly reference?: string | undefined;
  readonly seconds?: number | undefined;
}

function base(entry: BaseEntry, packId: string) {
  return {
    id: entry.id,
    packId,
    tags: entry.tags,
    difficulty: entry.difficulty,
    prompt: entry.prompt ?? "",
    explanation: entry.explanation,
    ...(entry.reference === undefined ? {} : { reference: entry.reference }),
    ...(entry.seconds === undefined ? {} : { seconds: entry.seconds }),
  };
}
