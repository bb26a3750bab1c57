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

/**
 * The topics issue 17 found thin or missing, each as the tags that mark a question about it (all of
 * one entry's tags): every one needs at least two questions of two different kinds.
 */
const DEEPENED_TOPICS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  "asyncio.Queue producer/consumer with a sentinel": [["asyncio-queue", "sentinel"]],
  "asyncio.to_thread / run_in_executor": [["to-thread"], ["run-in-executor"]],
  "asyncio.timeout": [["asyncio", "timeout"]],
  "worker + result-queue pattern": [["worker-pool"]],
  "server-side sockets and asyncio.start_server": [["sockets", "server"]],
  "asyncio.start_server": [["server", "asyncio"]],
  "NamedTemporaryFile and delete_on_close": [["named-temporary-file"]],
  "delete_on_close (3.12)": [["named-temporary-file", "versions"]],
  mkdtemp: [["mkdtemp"]],
  "glob root_dir / iglob / escape": [["glob-api"]],
  "contextlib.suppress": [["suppress"]],
  "contextlib.ExitStack": [["exitstack"]],
  "poison pills across processes": [["multiprocessing", "sentinel"]],
  "multiprocessing.JoinableQueue and Queue": [["multiprocessing", "queue"]],
  "concurrent.futures.wait": [["concurrent-futures", "wait"]],
  "Future.cancel()": [["concurrent-futures", "cancellation"]],
  "concurrent.futures timeouts": [["concurrent-futures", "timeout"]],
  "the GIL per interpreter (3.12)": [["subinterpreters"]],
  "PYTHON_GIL / -X gil at start-up": [["free-threading", "versions"]],
  "ThreadPoolExecutor default workers (3.13)": [["thread-pool", "versions"]],
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

  it("THEN there are at least 180 questions with every kind, 15 output questions and 14 challenges", async () => {
    const questions = await shippedQuestions();
    const count = (kind: QuestionKind) => questions.filter((question) => question.kind === kind).length;
    expect(questions.length).toBeGreaterThanOrEqual(180);
    for (const kind of KINDS) expect(count(kind), kind).toBeGreaterThan(0);
    expect(count("output")).toBeGreaterThanOrEqual(15);
    expect(count("challenge")).toBeGreaterThanOrEqual(14);
  });

  it("THEN every topic the review found thin has at least two questions of two different kinds", async () => {
    const questions = await shippedQuestions();
    const thin = Object.entries(DEEPENED_TOPICS).flatMap(([topic, tagSets]) => {
      const about = questions.filter((question) =>
        tagSets.some((tags) => tags.every((tag) => question.tags.includes(tag))),
      );
      const kinds = new Set(about.map((question) => question.kind));
      return about.length >= 2 && kinds.size >= 2
        ? []
        : [`${topic}: ${about.length} question(s), kinds ${[...kinds]}`];
    });
    expect(thin).toEqual([]);
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
