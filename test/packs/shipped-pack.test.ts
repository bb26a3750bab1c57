import { describe, expect, it } from "vitest";
import type { Question, QuestionKind } from "../../src/domain/questions/question.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { formatPackProblem } from "../../src/packs/pack-problem.js";
import { SHIPPED_PACKS_DIR } from "./shipped-questions.js";

/**
 * Every topic of the lesson material (shared/seeds) and the tags that count as covering it, in the
 * content writers' own tag names.
 */
const SEED_TOPICS: Readonly<Record<string, readonly string[]>> = {
  "concurrency versus parallelism": ["basics", "concurrency", "parallelism"],
  "I/O-bound work": ["io-bound"],
  "CPU-bound work": ["cpu-bound"],
  "the GIL": ["gil"],
  "free-threaded CPython": ["free-threading"],
  threads: ["threading"],
  locks: ["lock"],
  events: ["event"],
  "daemon threads": ["daemon"],
  "concurrent.futures": ["futures", "concurrent-futures"],
  multiprocessing: ["multiprocessing"],
  pickling: ["pickling", "pickle"],
  queues: ["queue"],
  asyncio: ["asyncio"],
  TaskGroup: ["taskgroup"],
  "cancellation and shield": ["cancellation"],
  "semaphore backpressure": ["semaphore"],
  contextlib: ["contextlib"],
  tempfile: ["tempfile"],
  glob: ["glob"],
  shutil: ["shutil"],
  sockets: ["sockets"],
};

const KINDS: readonly QuestionKind[] = ["choice", "multi", "truefalse", "text", "output", "challenge"];

let cached: Promise<Question[]> | undefined;

/** Loaded once per file: each test asserts one property of the same content. */
function shippedQuestions(): Promise<Question[]> {
  cached ??= loadShippedQuestions();
  return cached;
}

async function loadShippedQuestions(): Promise<Question[]> {
  const loaded = await loadPacks(SHIPPED_PACKS_DIR);
  if (!loaded.ok)
    throw new Error(`the shipped packs have problems:\n${loaded.error.map(formatPackProblem).join("\n")}`);
  return loaded.value.flatMap((pack) => pack.questions);
}

describe("GIVEN the packs shipped in ./quizzes", () => {
  it("THEN they validate without a single problem", async () => {
    const loaded = await loadPacks(SHIPPED_PACKS_DIR);
    expect(loaded.ok ? [] : loaded.error.map(formatPackProblem)).toEqual([]);
    expect(loaded.ok && loaded.value.map((pack) => pack.id)).toContain("python-concurrency");
  });

  it("THEN there are at least 120 questions with every kind, 15 output questions and 6 challenges", async () => {
    const questions = await shippedQuestions();
    const count = (kind: QuestionKind) => questions.filter((question) => question.kind === kind).length;
    expect(questions.length).toBeGreaterThanOrEqual(120);
    for (const kind of KINDS) expect(count(kind), kind).toBeGreaterThan(0);
    expect(count("output")).toBeGreaterThanOrEqual(15);
    expect(count("challenge")).toBeGreaterThanOrEqual(6);
  });

  it("THEN every topic of the lesson material is covered by at least one tagged question", async () => {
    const tags = new Set((await shippedQuestions()).flatMap((question) => question.tags));
    const uncovered = Object.entries(SEED_TOPICS)
      .filter(([, topicTags]) => !topicTags.some((tag) => tags.has(tag)))
      .map(([topic, topicTags]) => `${topic} (tag one of: ${topicTags.join(", ")})`);
    expect(uncovered).toEqual([]);
  });

  it("THEN the questions span all three difficulties", async () => {
    const difficulties = new Set((await shippedQuestions()).map((question) => question.difficulty));
    expect([...difficulties].sort()).toEqual([1, 2, 3]);
  });
});
