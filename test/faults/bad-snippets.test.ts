import { asc, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractPythonCode } from "../../src/app/snippets/extract-python-code.js";
import { type Bot, createBot } from "../../src/bot.js";
import type { ChatUser } from "../../src/domain/ports/chat-platform.js";
import type { CodeRunner } from "../../src/domain/ports/code-runner.js";
import type { View } from "../../src/domain/ports/views/index.js";
import type { ChallengeQuestion } from "../../src/domain/questions/question.js";
import { neutraliseForChat } from "../../src/platforms/shared/neutralise-for-chat.js";
import { present } from "../../src/platforms/shared/present.js";
import { answers, snippetRuns, users } from "../../src/storage/schema/index.js";
import { runReview, startTestRunner } from "../code-review/harness.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

/** The runner's default snippet limit, which a refusal must name. */
const limitBytes = 20 * 1024;
const megabyte = 1024 * 1024;

/**
 * The test's own model of what a UTF-8 file and a PostgreSQL text column can hold: no NUL, and no lone
 * surrogate (encoding one as UTF-8 gives U+FFFD).
 */
const storable = (text: string) => text.replaceAll("\u0000", "").replace(/\p{Cs}/gu, "\uFFFD");

const challenge: ChallengeQuestion = {
  id: "fuzz-challenge",
  packId: "test-pack",
  kind: "challenge",
  tags: ["challenges"],
  difficulty: 1,
  prompt: "Make `one()` return 1.",
  explanation: "Return 1.",
  starter: "def one():\n    return ___\n",
  solution: "def one():\n    return 1\n",
  checks: [{ name: "returns one", code: "from solution import one\nassert one() == 1" }],
};
const pack = testPack([choiceQuestion("q1"), challenge]);

// ---------------------------------------------------------------------------------------------------
// What members paste: Python lines, odd characters, bytes that are no text, and sizes around the limit.

/** Lines that run quickly and print something awkward: pings, fences, NUL, control and bidi characters. */
const pythonLine = fc.constantFrom(
  "print('hello')",
  "print(6 * 7)",
  "import sys; print('to stderr', file=sys.stderr)",
  "print('@everyone @here <@123> <@&456> <!channel> <!subteam^S1> ``` done')",
  "print('@\\0everyone <\\0@123> `\\0`\\0`')",
  "print('a\\0b')",
  "print('\\u202eright to left\\u200f \\u2066isolate')",
  "print('\\x1b[31mred\\x07\\x08\\r')",
  "print('x' * 70000)",
  "for i in range(100000): print(i)",
  "print('\\n'.join(['line'] * 40))",
  "print('\\ud800')",
  "print('a' + '\\U0001F600' * 1000)",
  "raise SystemExit(3)",
  "raise ValueError('<@123>\\0')",
);

/** One piece of junk: arbitrary code points, random bytes read as UTF-8 or Latin-1, lone surrogates, controls. */
const junk = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
  fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc
    .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 })
    .map((units) => String.fromCharCode(...units)),
  fc.constantFrom(
    "\u0000",
    "\u0000".repeat(50),
    "\u202e",
    "\u200f",
    "\u2066",
    "\ufeff",
    "\r",
    "\u0085",
    "\u2028",
    "\u001b[2J",
    "\u0007",
    // Invalid UTF-8 (an overlong NUL, a cut sequence, an encoded surrogate) as a decoder sees it.
    Buffer.from([0xc0, 0x80, 0xe2, 0x28, 0xa1, 0xed, 0xa0, 0x80]).toString("utf8"),
  ),
);

const body = fc.array(fc.oneof({ weight: 3, arbitrary: pythonLine }, junk), { minLength: 1, maxLength: 5 });

/** How the code sits in the message: plain, fenced, fenced in prose, or behind a fence that never closes. */
const wrapped = fc
  .tuple(body, fc.constantFrom("plain", "fenced", "prose", "unclosed", "unclosed-js"))
  .map(([lines, wrap]) => {
    const code = lines.join("\n");
    switch (wrap) {
      case "plain":
        return code;
      case "fenced":
        return `\`\`\`python\n${code}\n\`\`\``;
      case "prose":
        return `Why does this fail?\n\`\`\`py\n${code}\n\`\`\`\nThanks!`;
      case "unclosed":
        return `\`\`\`python\n${code}`;
      default:
        return `\`\`\`js\n${code}`;
    }
  });

/** `x = "…"` padded to `bytes` bytes of UTF-8 with a character of 1 to 4 bytes. */
function paddedTo(bytes: number, filler: string): string {
  const head = 'x = "';
  const tail = '"\nprint(len(x))\n';
  const room = bytes - Buffer.byteLength(head + tail);
  return head + filler.repeat(Math.floor(room / Buffer.byteLength(filler))) + tail;
}

const sized = fc.oneof(
  // Around the limit: at it runs, just over is refused.
  fc
    .tuple(fc.integer({ min: -8, max: 64 }), fc.constantFrom("a", "é", "€", "😀"))
    .map(([over, filler]) => paddedTo(limitBytes + over, filler)),
  // Far over: a megabyte and more, fenced or not.
  fc
    .tuple(
      fc.integer({ min: 0, max: 4096 }),
      fc.constantFrom("a", "\u0000x", "print(1)\n", "é"),
      fc.boolean(),
    )
    .map(([extra, unit, fence]) => {
      const code = unit.repeat(Math.ceil((megabyte + extra) / unit.length));
      return fence ? `\`\`\`python\n${code}\n\`\`\`` : code;
    }),
  // Under the limit but awkward: one very long line, thousands of lines, a megabyte of nothing.
  fc.integer({ min: 1000, max: 19_000 }).map((length) => `# ${"y".repeat(length)}\nprint('long line')`),
  fc.integer({ min: 1000, max: 4000 }).map((count) => `${"pass\n".repeat(count)}print('many lines')`),
  fc.constantFrom("\u0000".repeat(megabyte), " \n".repeat(megabyte / 2)),
);

const snippetText = fc.oneof({ weight: 4, arbitrary: wrapped }, { weight: 1, arbitrary: sized });

const authorName = fc.constantFrom(
  "Alice",
  "@everyone",
  "<@123>",
  "Zoë \u202eevil",
  "Nul\u0000Name",
  "\ud800x",
);

/** Every string in a value, depth first (a rendered message: title, blocks, buttons, attachment). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/**
 * A result as the channel gets it cannot ping anyone nor open or close a code block, even on a platform
 * or client that drops NUL characters (which would join what a NUL kept apart).
 */
function expectSafeToPost(view: View): void {
  const text = strings(present(view, fullCapabilities)).join("\n").replaceAll("\u0000", "");
  expect(text).not.toMatch(/@(everyone|here|channel)\b/i);
  expect(text).not.toMatch(/<[@!]/);
  expect(text).not.toContain("```");
  // Cut where a budget ran out, but never inside a character: half a surrogate pair is no text to send.
  expect(text).not.toMatch(/\p{Cs}/u);
}

/** The output inline stays within the chat budget; the attachment within the runner's two capped streams. */
function expectBounded(view: View): void {
  if (view.kind !== "snippet_run") return;
  for (const stream of [view.stdout, view.stderr]) {
    expect(stream.lines.length).toBeLessThanOrEqual(15);
    expect(stream.lines.reduce((sum, line) => sum + line.text.length, 0)).toBeLessThanOrEqual(1500);
  }
  const message = present(view, fullCapabilities);
  expect(strings(message.blocks).join("").length).toBeLessThanOrEqual(5000);
  // 64 KiB per stream, and neutralising can add a zero-width space per two characters at most.
  expect(message.attachment?.content.length ?? 0).toBeLessThanOrEqual(2 * 1.5 * 64 * 1024 + 20);
}

const noticeCode = (view: View | undefined) => (view?.kind === "notice" ? view.notice.code : undefined);

let runner: CodeRunner;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onRejection);
  runner = await startTestRunner();
});

afterAll(async () => {
  process.off("unhandledRejection", onRejection);
  await runner.close();
});

/**
 * Snippets as members paste them, and worse, sent through the real router to the real sandbox: whatever
 * comes in, the process carries on, the member hears a clear message, what is posted cannot ping anyone
 * or break out of its code block, and a run is stored only when it ran, with the code that ran.
 */
describe.each(storageKinds)("bad snippets through the real router and sandbox on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let time: ManualTime;
  let bot: Bot;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    platform = new FakePlatform();
    time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
    bot = createBot({
      database,
      platforms: [platform],
      packs: [pack],
      logger: silentLogger(),
      runner,
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    await bot.start();
  });

  afterAll(async () => {
    await bot.stop();
    await database.close();
    expect(rejections).toEqual([]);
  });

  const storedRuns = () => database.db.select().from(snippetRuns).orderBy(asc(snippetRuns.id));
  let memberCount = 0;
  function newMember(displayName?: string): ChatUser {
    memberCount += 1;
    return platform.member(`member-${memberCount}`, displayName === undefined ? {} : { displayName });
  }

  /** The views one member got for `/run` with this text, public and private. */
  async function run(text: string): Promise<View[]> {
    const member = newMember();
    const before = platform.sent.length;
    await platform.command(member, "run", undefined, { code: text }, time.now());
    return platform.sent.slice(before).flatMap((sent) => ("view" in sent ? [sent.view] : []));
  }

  it("GIVEN a python fence that never closes THEN the code after it runs, instead of the fence line failing as Python", async () => {
    const [view] = await run("Why?\n```python\nprint('open fence')\n");
    expect(view).toMatchObject({ kind: "snippet_run", status: "ok", code: "print('open fence')\n" });
    expect(view?.kind === "snippet_run" && view.stdout.lines).toEqual([{ number: 1, text: "open fence" }]);
  });

  it("GIVEN an unclosed fence of another language THEN nothing runs and the member is told there is no Python", async () => {
    const runsBefore = (await storedRuns()).length;
    expect(await run("```js\nconsole.log(1)")).toEqual([
      { kind: "snippet_refused", refusal: { code: "no_code", from: "command" }, submission: false },
    ]);
    expect(await storedRuns()).toHaveLength(runsBefore);
  });

  it("GIVEN output that hides pings and a fence behind NUL characters THEN the posted result holds neither, even where NUL is dropped", async () => {
    const [view] = await run("print('@\\0everyone <\\0@123> <\\0!here> `\\0`\\0` done')");
    expect(view).toMatchObject({ kind: "snippet_run", status: "ok" });
    expectSafeToPost(view as View);
  });

  /** What the member and the channel got for one snippet sent by `via`. */
  async function send(
    via: "command" | "form" | "review",
    user: ChatUser,
    text: string,
    author: ChatUser,
  ): Promise<{ readonly via: string; readonly view?: View }[]> {
    if (via === "review") return runReview(bot, platform.place, user, { text, author });
    const before = platform.sent.length;
    if (via === "command") await platform.command(user, "run", undefined, { code: text }, time.now());
    else await platform.submit(user, "run", { code: text }, time.now());
    return platform.sent
      .slice(before)
      .map((sent) => ({ via: sent.via, ...("view" in sent ? { view: sent.view } : {}) }));
  }

  it("GIVEN oversized, binary, NUL, surrogate, bidi and unfenced snippets THEN each is run and stored as sent less what cannot be held, or refused with a clear reason", async () => {
    await fc.assert(
      fc.asyncProperty(
        snippetText,
        fc.constantFrom("command", "form", "review"),
        authorName,
        async (text, via, name) => {
          const user = newMember();
          const author = via === "review" ? newMember(name) : user;
          const rowsBefore = (await storedRuns()).length;
          const replies = await send(via, user, text, author);
          const views = replies.flatMap((reply) => (reply.view ? [reply.view] : []));
          for (const view of views) expect(["internal_error", "try_again"]).not.toContain(noticeCode(view));
          const rows = await storedRuns();
          const code = extractPythonCode(storable(text));

          if (via === "command" && text === "") {
            expect(replies.map((reply) => reply.via)).toEqual(["form"]);
            expect(rows).toHaveLength(rowsBefore);
            return;
          }
          if (code === null || Buffer.byteLength(code, "utf8") > limitBytes) {
            const [refusal] = views;
            expect(views).toHaveLength(1);
            expect(replies[0]?.via === "private" || replies.at(-1)?.via === "private").toBe(true);
            expect(refusal).toMatchObject({
              kind: "snippet_refused",
              refusal: code === null ? { code: "no_code" } : { code: "code_too_large", limitBytes },
            });
            if (code !== null) {
              expect(JSON.stringify(present(refusal as View, fullCapabilities))).toContain("20 KiB");
            }
            expect(rows).toHaveLength(rowsBefore);
            return;
          }
          const shown = views.find((view) => view.kind === "snippet_run");
          if (shown?.kind !== "snippet_run") throw new Error(`no run shown: ${JSON.stringify(views)}`);
          expectSafeToPost(shown);
          expectBounded(shown);
          // Exactly one new row, the one the buttons name, holding the code that ran and was shown.
          expect(rows).toHaveLength(rowsBefore + 1);
          const row = rows.at(-1);
          expect(row?.id).toBe(shown.runId);
          expect(row?.code).toBe(code);
          // As it ran; the platforms neutralise it as they present it (expectSafeToPost above).
          expect(shown.code).toBe(code);
          expect(row).toMatchObject({ status: shown.status, exitCode: shown.exitCode, questionId: null });
          const [credited] = await database.db
            .select({ name: users.displayName })
            .from(users)
            .where(eq(users.id, row?.userId ?? -1));
          expect(credited?.name).toBe(storable(author.displayName));
          // What the channel read is the start of what was stored.
          // (Neutralised on both sides, as the platforms present it: a NUL the sandbox printed is no text.)
          const storedLines = neutraliseForChat(row?.stdout ?? "").split("\n");
          for (const line of shown.stdout.lines) {
            expect(storedLines[line.number - 1]?.startsWith(neutraliseForChat(line.text))).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(rejections).toEqual([]);
  }, 120_000);

  it("GIVEN code and output full of emoji where the inline budgets cut them THEN the message holds no half characters", async () => {
    const emoji = "\u{1F600}";
    // Odd offsets, so the 1,000-character code cut and the 1,500-character output cut land mid-pair.
    const [view] = await run(`x = "${emoji.repeat(600)}"\nprint("a" + x * 2)`);
    expect(view).toMatchObject({ kind: "snippet_run", status: "ok" });
    expect(view?.kind === "snippet_run" && view.stdout.shortened).toBe(true);
    expectSafeToPost(view as View);
  });

  describe("a challenge in a round", () => {
    let formId: string;

    beforeAll(async () => {
      const host = platform.member("host", { isAdmin: true });
      const posted = platform.views("question", "post").length;
      await platform.command(
        host,
        "quiz",
        "start",
        { topic: challenge.id, questions: 1, seconds: 600 },
        time.now(),
      );
      await eventually(() => expect(platform.views("question", "post")).toHaveLength(posted + 1));
      const question = platform.views("question", "post").at(-1);
      if (!question) throw new Error("no challenge posted");
      formId = `qc:${question.roundQuestionId}`;
    });

    it("GIVEN a submission over 20 KiB that breaks after 20,000 characters THEN it is refused naming the limit, not graded on a shortened copy", async () => {
      const member = newMember();
      const runsBefore = (await storedRuns()).length;
      const answersBefore = (await database.db.select().from(answers)).length;
      const code = `${challenge.solution}${"#".repeat(30_000)}\nthis line is no Python\n`;
      await platform.submit(member, formId, { code }, time.now());
      const [reply, ...more] = platform.privateTo(member.id);
      expect(more).toEqual([]);
      expect(reply).toMatchObject({
        kind: "snippet_refused",
        refusal: { code: "code_too_large", limitBytes },
        submission: true,
      });
      const text = JSON.stringify(present(reply as View, fullCapabilities));
      expect(text).toContain("20 KiB");
      expect(text).toContain("not recorded");
      expect(await storedRuns()).toHaveLength(runsBefore);
      expect(await database.db.select().from(answers)).toHaveLength(answersBefore);
    });

    const solutionBody = fc
      .tuple(
        fc.constantFrom(
          challenge.solution,
          "def one():\n    return 2\n",
          "raise ValueError('a\\0b')",
          "raise ValueError('\\ud800 <@123> @everyone')",
          "def one():\n    raise KeyError('`\\0`\\0`')\n",
          "import sys\nprint('\\0', file=sys.stderr)\ndef one():\n    return 1\n",
          "",
        ),
        fc.array(
          junk.filter((piece) => !piece.includes("`")),
          { maxLength: 2 },
        ),
        fc.constantFrom(0, 0, 0, limitBytes, megabyte),
      )
      .map(([solution, extra, padding]) => `${solution}\n# ${extra.join(" ")}${"#".repeat(padding)}\n`);

    it("GIVEN odd or oversized submissions THEN each is graded and recorded as sent less what cannot be held, or refused naming the limit", async () => {
      await fc.assert(
        fc.asyncProperty(solutionBody, fc.boolean(), async (submitted, fenced) => {
          const user = newMember();
          const runsBefore = (await storedRuns()).length;
          await platform.submit(
            user,
            formId,
            { code: fenced ? `\`\`\`python\n${submitted}\`\`\`` : submitted },
            time.now(),
          );
          const [reply, ...more] = platform.privateTo(user.id);
          expect(more).toEqual([]);
          const code = storable(submitted).replace(/\n$/, fenced ? "" : "\n");
          const rows = await storedRuns();
          // The member's own answers: one per graded submission, none for a refused one.
          const recorded = await database.db
            .select({ response: answers.response })
            .from(answers)
            .innerJoin(users, eq(users.id, answers.userId))
            .where(eq(users.platformUserId, user.id));
          if (Buffer.byteLength(code, "utf8") > limitBytes) {
            expect(reply).toMatchObject({
              kind: "snippet_refused",
              refusal: { code: "code_too_large", limitBytes },
              submission: true,
            });
            expect(JSON.stringify(present(reply as View, fullCapabilities))).toContain("20 KiB");
            expect(rows).toHaveLength(runsBefore);
            expect(recorded).toEqual([]);
            return;
          }
          expect(reply).toMatchObject({ kind: "challenge_result", outcome: { type: "recorded" } });
          expectSafeToPost(reply as View);
          // One run row and one answer, both holding the code that was graded: never one without the other.
          expect(rows).toHaveLength(runsBefore + 1);
          expect(rows.at(-1)).toMatchObject({ code, questionId: challenge.id });
          expect(recorded).toEqual([{ response: expect.objectContaining({ type: "code", code }) }]);
        }),
        { numRuns: 24 },
      );
      expect(rejections).toEqual([]);
    }, 120_000);
  });
});
