import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import { parseGroupName } from "../../src/domain/leaderboards/group-name.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { commandDefinitions } from "../../src/platforms/shared/commands.js";
import { parseCommandText } from "../../src/platforms/shared/parse-options.js";
import { expectedWords } from "../../src/platforms/shared/wording/expected-words.js";
import { answers, studyGroups } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack, textQuestion } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

const commandNames = commandDefinitions.map((command) => command.name);

/** Option-ish tokens: real option names with odd values, quotes, huge and negative numbers, unicode. */
const token = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("questions:0", "questions:-1", "questions:1e309", "seconds:NaN", "mode:", "period:decade"),
  fc.constantFrom(
    '"unclosed',
    "“smart quoted”",
    "name=",
    "timezone:Mars/Base",
    "start",
    "schedule",
    "\u0000",
  ),
  fc.bigInt().map(String),
  fc
    .tuple(fc.constantFrom("questions", "seconds", "mode", "name", "period", "metric", "topic"), fc.string())
    .map(([name, value]) => `${name}:${value}`),
);
const commandText = fc.array(token, { maxLength: 6 }).map((tokens) => tokens.join(" "));

const noticeCode = (view: View) => (view.kind === "notice" ? view.notice.code : undefined);

describe("parsing typed commands", () => {
  it("GIVEN any text after any command name THEN parseCommandText returns a command or a clear problem, never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...commandNames), fc.string()), commandText, (name, text) => {
        const parsed = parseCommandText(name, text);
        if (parsed.ok) {
          expect(commandNames).toContain(parsed.value.name);
          return;
        }
        if (parsed.error.code === "invalid_option")
          expect(expectedWords(parsed.error.expected).length).toBeGreaterThan(0);
        else expect(parsed.error.name).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("malformed quiz pack files", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "quizbot-fuzz-packs-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const yamlish = fc.array(
    fc.oneof(
      fc.string({ unit: "grapheme" }),
      fc.constantFrom(
        "questions:",
        "  - id: x",
        "    kind: choice",
        "options: [a, b",
        "answer: 7",
        "&a *a",
        "? :",
        "\t- -",
      ),
      fc.constantFrom("id: demo", "seconds: -3", "%YAML 9.9", "!!binary AAAA", "---", "...", "<<: *nope"),
    ),
    { maxLength: 12 },
  );

  it("GIVEN random YAML-ish pack and topic files THEN loadPacks reports problems as values and never throws", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        yamlish,
        yamlish,
        fc.uint8Array({ maxLength: 64 }),
        async (packLines, topicLines, binary) => {
          run += 1;
          const folder = path.join(root, `run-${run}`, "demo");
          await mkdir(folder, { recursive: true });
          await writeFile(path.join(folder, "pack.yaml"), packLines.join("\n"));
          await writeFile(path.join(folder, "topic.yaml"), topicLines.join("\n"));
          await writeFile(path.join(folder, "binary.yaml"), binary);
          const loaded = await loadPacks(path.dirname(folder));
          if (!loaded.ok) {
            expect(loaded.error.length).toBeGreaterThan(0);
            for (const problem of loaded.error) expect(problem.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * The real router (createBot) with a fake platform, fed what a hostile or buggy client could send:
 * forged button and form ids, random answers and group names, typed commands with broken options.
 * Whatever comes in, the member hears a clear private message and nothing is stored that should not be.
 */
describe("bad input through the real router", () => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let elsewhere: FakePlatform;
  let time: ManualTime;
  let bot: Bot;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    database = await createTestDatabase();
    platform = new FakePlatform();
    // Same platform and workspace, another channel: its members press buttons copied from #general.
    elsewhere = new FakePlatform(undefined, { platform: "console", workspaceId: "ws", channelId: "random" });
    time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
    bot = createBot({
      database,
      platforms: [platform],
      packs: [
        testPack([
          choiceQuestion("c1", { tags: ["choices"] }),
          { ...textQuestion("t1", ["gather"]), tags: ["typing"] },
        ]),
      ],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { revealPauseMs: 100, sweepMs: 600_000 },
    });
    await bot.start();
    await elsewhere.start(bot.handler);
  });

  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await bot.stop();
    await database.close();
  });

  const answerCount = async () => (await database.db.select({ n: count() }).from(answers))[0]?.n ?? 0;

  /** One private reply, and it is not a crash report. */
  function expectClearReply(replies: readonly View[]): void {
    expect(replies.length).toBeGreaterThanOrEqual(1);
    for (const view of replies) expect(["internal_error", "try_again"]).not.toContain(noticeCode(view));
  }

  async function openQuestion(topic: string) {
    const before = platform.views("question", "post").length;
    await platform.command(
      platform.member("host", { isAdmin: true }),
      "quiz",
      "start",
      { topic, questions: 1, seconds: 600 },
      time.now(),
    );
    await eventually(() => expect(platform.views("question", "post").length).toBe(before + 1), 30_000);
    const question = platform.views("question", "post").at(-1);
    if (!question) throw new Error("no question");
    return question;
  }

  async function finishRound(): Promise<void> {
    const summaries = platform.views("round_summary", "post").length;
    time.advance(601_000);
    await eventually(
      () => expect(platform.views("round_summary", "post").length).toBe(summaries + 1),
      30_000,
    );
  }

  it("GIVEN forged, stale, foreign and oversized button and form ids THEN each gets a clear private notice and no answer is stored", async () => {
    const old = await openQuestion("choices");
    await finishRound();
    const live = await openQuestion("choices");
    const stored = await answerCount();
    const forged = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc.string({ minLength: 5000, maxLength: 6000 }),
      fc.constantFrom(
        `q:a:${old.roundQuestionId}:1`, // another round's question, already closed
        `q:a:${live.roundQuestionId}:99`, // an option that does not exist
        `q:a:${live.roundQuestionId}:-1`,
        `q:a:${live.roundQuestionId}:1:extra`,
        `q:m:${live.roundQuestionId}`,
        "q:a:999999999999:0",
        "q:a:99999999999999999999999:0",
        "q:a:1e3:0",
        "q:a:0x10:0",
        "q:a:١٢:0", // Arabic-Indic digits
        "q",
        ":::",
        "rv:1:2",
        "q:a:𝟙:0",
      ),
      fc
        .tuple(fc.constantFrom("q:a", "q:t", "q:c", "q:m"), fc.bigInt(), fc.integer())
        .map(([prefix, id, index]) => `${prefix}:${id}:${index}`),
    );
    let member = 0;
    await fc.assert(
      fc.asyncProperty(
        forged,
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
        async (actionId, values) => {
          member += 1;
          const user = platform.member(`forger-${member}`);
          await platform.press(user, actionId, values, time.now());
          expectClearReply(platform.privateTo(user.id));
          const formUser = platform.member(`form-forger-${member}`);
          await platform.submit(formUser, actionId, { answer: actionId, code: actionId }, time.now());
          expectClearReply(platform.privateTo(formUser.id));
        },
      ),
      { numRuns: 60 },
    );
    // A live, valid id pressed from another channel is not an answer in this one.
    const stranger = elsewhere.member("stranger");
    await elsewhere.press(stranger, `q:a:${live.roundQuestionId}:1`, undefined, time.now());
    expect(elsewhere.privateTo("stranger").map(noticeCode)).toEqual(["unknown_action"]);
    expect(await answerCount()).toBe(stored);
    await finishRound();
    expect(rejections).toEqual([]);
  }, 40_000);

  it("GIVEN random Unicode typed as answers to a text question THEN every reply is an ack or a clear notice and stored answers equal the acks", async () => {
    const question = await openQuestion("typing");
    let member = 0;
    const acked: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 300 }),
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({ minLength: 3000, maxLength: 5000 }),
        ),
        async (text) => {
          member += 1;
          const user = platform.member(`typist-${member}`);
          await platform.say(user, text, time.now());
          const replies = platform.privateTo(user.id);
          // Blank text is not an answer at all and may go unanswered; everything else is acked.
          if (text.trim() === "") return;
          expectClearReply(replies);
          if (replies.some((view) => view.kind === "answer_ack")) acked.push(user.id);
        },
      ),
      { numRuns: 60 },
    );
    const mine = (await database.db.select().from(answers)).filter(
      (answer) => answer.roundQuestionId === question.roundQuestionId,
    );
    expect(mine).toHaveLength(acked.length);
    await finishRound();
    expect(rejections).toEqual([]);
  }, 40_000);

  it("GIVEN typed answers holding a NUL or a lone surrogate THEN what is judged is what is stored", async () => {
    const question = await openQuestion("typing");
    const nul = platform.member("typist-nul");
    const half = platform.member("typist-half");
    await platform.say(nul, "ga\u0000ther", time.now());
    await platform.say(half, "gat\ud800her", time.now());
    const ack = (user: { id: string }) =>
      platform.privateTo(user.id).find((view) => view.kind === "answer_ack");
    // The invisible NUL is dropped before judging, so the right answer is right and stored as judged.
    expect(ack(nul)).toMatchObject({ correct: true });
    expect(ack(half)).toMatchObject({ correct: false });
    const stored = (await database.db.select().from(answers))
      .filter((answer) => answer.roundQuestionId === question.roundQuestionId)
      .map((answer) => ({ response: answer.response, correct: answer.correct }))
      .sort((a, b) => Number(b.correct) - Number(a.correct));
    expect(stored).toEqual([
      { response: { type: "text", text: "gather" }, correct: true },
      { response: { type: "text", text: "gat\ufffdher" }, correct: false },
    ]);
    await finishRound();
    expect(rejections).toEqual([]);
  }, 40_000);

  it("GIVEN /group create with arbitrary names THEN only valid names become groups and every refusal is a clear reply", async () => {
    let member = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 50 }),
          fc.string({ unit: "binary", maxLength: 40 }),
          fc.constantFrom(
            "<@123>",
            "@here",
            "<!channel>",
            "server",
            "Server",
            "  a  ",
            "x".repeat(33),
            "Ünïcödé Club",
            "東京 勉強会",
          ),
        ),
        async (name) => {
          member += 1;
          const user = platform.member(`grouper-${member}`);
          await platform.command(user, "group", "create", { name }, time.now());
          const replies = platform.sent.filter((sent) => sent.to === user.id || sent.via === "public");
          expect(replies.length).toBeGreaterThan(0);
          for (const view of platform.privateTo(user.id)) expect(noticeCode(view)).toBeUndefined();
        },
      ),
      { numRuns: 80 },
    );
    const groups = await database.db
      .select({ name: studyGroups.name, kind: studyGroups.kind })
      .from(studyGroups);
    for (const group of groups.filter((candidate) => candidate.kind === "named")) {
      expect(parseGroupName(group.name), group.name).toMatchObject({ ok: true, value: { name: group.name } });
    }
    expect(rejections).toEqual([]);
  }, 40_000);

  it("GIVEN typed commands with broken options THEN a clear invalid_option or unknown_command comes back, and valid ones run without a crash", async () => {
    let member = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commandNames), commandText, async (name, text) => {
        member += 1;
        const user = platform.member(`typer-${member}`);
        const parsed = parseCommandText(name, text);
        if (!parsed.ok) {
          expect(["invalid_option", "unknown_command"]).toContain(parsed.error.code);
          return;
        }
        await platform.command(
          user,
          parsed.value.name,
          parsed.value.subcommand,
          { ...parsed.value.options },
          time.now(),
        );
        for (const view of platform.privateTo(user.id)) {
          expect(["internal_error", "try_again"]).not.toContain(noticeCode(view));
        }
      }),
      { numRuns: 80 },
    );
    expect(rejections).toEqual([]);
  }, 40_000);
});
