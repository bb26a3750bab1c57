import { PassThrough } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/main.js";
import type { CodeRunner, RunResult } from "../../../src/domain/ports/code-runner.js";
import { AGAIN } from "../../../src/domain/reviews/grading.js";
import { ProcessCodeReviewer } from "../../../src/review/process-code-reviewer.js";
import { drizzleReviewStorage } from "../../../src/storage/reviews/index.js";
import { answers, reviewCards, snippetRuns, userSettings, users } from "../../../src/storage/schema/index.js";
import type { FakeDiscord, RecordedRequest } from "../../fakes/discord/fake-discord.js";
import type { SentInteraction } from "../../fakes/discord/interaction-sender.js";
import type { TestDatabase } from "../../support/database.js";
import { eventually, ManualTime } from "../../support/manual-time.js";
import { choiceQuestion, testPack, textQuestion } from "../../support/questions.js";
import { ada, grace, linus, startDiscordBot } from "./harness.js";

// The real review worker (src/review), shared by the file's tests: its parsers take seconds to load.
const reviewer = new ProcessCodeReviewer();
beforeAll(async () => {
  await reviewer.warm();
}, 120_000);
afterAll(async () => {
  await reviewer.close();
});

type Embed = { title?: string; description?: string; footer?: { text: string } };
type Row = { components: { custom_id: string; label: string; style: number; disabled: boolean }[] };
type MessageBody = { embeds?: Embed[]; components?: Row[]; flags?: number };

/** The message data of an interaction callback, follow-up or channel message request. */
function messageOf(request: RecordedRequest): MessageBody {
  const body = request.body as { type?: number; data?: MessageBody } & MessageBody;
  return request.path.endsWith("/callback") ? (body.data ?? {}) : body;
}

const text = (message: MessageBody) => JSON.stringify(message.embeds ?? []);

/** Stands in for the sandbox (tested on its own in test/runner): every program prints 3. */
const scriptedRunner: CodeRunner = {
  backend: "bwrap",
  async run(): Promise<RunResult> {
    return {
      status: "ok",
      exitCode: 0,
      signal: null,
      stdout: "3\n",
      stderr: "",
      stdoutTruncated: false,
      stderrTruncated: false,
      wallMs: 12,
      backend: "bwrap",
    };
  },
  async close() {},
};

/**
 * The real bot (createBot, rounds, router) on a PGlite database, talking to the real discord.js client
 * through the fake Discord. Time is manual for the round engine and the adapter, so the test decides when
 * questions close; all network traffic stays on 127.0.0.1.
 */
describe("quizbot on the fake Discord, end to end", () => {
  let discord: FakeDiscord;
  let database: TestDatabase;
  let time: ManualTime;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    time = new ManualTime(new Date());
    const started = await startDiscordBot(
      {
        packs: [
          testPack([
            choiceQuestion("q1", { tags: ["choices"] }),
            { ...textQuestion("t1", ["asyncio.gather"]), tags: ["typing"] },
            choiceQuestion("race-1", { tags: ["race-condition"] }),
          ]),
        ],
        clock: time,
        timers: time,
        rounds: { revealPauseMs: 1000, sweepMs: 600_000 },
        runner: scriptedRunner,
        reviewer,
      },
      { now: () => time.now().getTime() },
    );
    ({ discord, database, stop } = started);
  });

  afterEach(async () => {
    await stop();
  });

  const channelPosts = () =>
    discord.requests.filter(
      (request) => request.method === "POST" && request.path === `/channels/${discord.channelId}/messages`,
    );
  const answerTo = (sent: SentInteraction) => discord.waitForRequest(sent.answers);

  it("GIVEN registered commands WHEN three members answer a round THEN acks are private, the count goes live, the reveal highlights the answer, the summary ranks them, /leaderboard privately and, shared, for everyone", async () => {
    const stdout = new PassThrough();
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    };
    const registered = await runCli(["discord", "register", "--guild", discord.guild.id], {
      env,
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
    });
    expect(registered).toBe(0);
    expect(discord.registeredCommands.get(discord.guild.id)?.map((command) => command.name)).toContain(
      "quiz",
    );

    // /quiz start: a public "round started" reply, then the question as a channel message with buttons.
    const start = discord.send.command(ada, "quiz", { topic: "choices", questions: 1, seconds: 5 }, "start");
    const started = await answerTo(start);
    expect(started.body).toMatchObject({ type: 4 });
    expect(messageOf(started).flags ?? 0).toBe(0);
    await eventually(() => expect(channelPosts()).toHaveLength(1));
    const questionPost = channelPosts()[0] as RecordedRequest;
    const question = messageOf(questionPost);
    const buttons = question.components?.flatMap((row) => row.components) ?? [];
    expect(buttons.map((button) => button.label)).toEqual(["A", "B", "C"]);
    expect(buttons.every((button) => !button.disabled && button.style === 2)).toBe(true);
    const messageId =
      [...discord.messages.values()].find((message) => message.components.length > 0)?.id ?? "";
    const button = (label: string) => buttons.find((candidate) => candidate.label === label)?.custom_id ?? "";

    // Ada and Grace answer after one second, Linus after two; Ada presses a second time.
    time.advance(1000);
    const adaFirst = await answerTo(discord.send.button(ada, messageId, button("B")));
    const graceAnswer = await answerTo(discord.send.button(grace, messageId, button("A")));
    time.advance(1000);
    const linusAnswer = await answerTo(discord.send.button(linus, messageId, button("B")));
    const adaAgain = await answerTo(discord.send.button(ada, messageId, button("C")));
    for (const ack of [adaFirst, graceAnswer, linusAnswer, adaAgain]) {
      expect(ack.body).toMatchObject({ type: 4, data: { flags: 64 } });
    }
    expect(text(messageOf(adaFirst))).toContain("Correct");
    expect(text(messageOf(graceAnswer))).toContain("Not quite");
    expect(text(messageOf(adaAgain))).toMatch(/already answered/i);

    // The live count is edited into the question message.
    const edits = () =>
      discord.requests.filter(
        (request) =>
          request.method === "PATCH" &&
          request.path === `/channels/${discord.channelId}/messages/${messageId}`,
      );
    // The refresh armed by the first answers is due one second later; by then all three are in.
    time.advance(1000);
    await eventually(() =>
      expect(
        edits().some((request) => messageOf(request).embeds?.[0]?.footer?.text.includes("3 answered")),
      ).toBe(true),
    );

    // At the close every button is disabled and only B (the right one) is green.
    time.advance(2000);
    await eventually(() => {
      const reveal = edits()
        .map(messageOf)
        .find((message) => message.components?.[0]?.components.every((entry) => entry.disabled));
      expect(reveal).toBeDefined();
      const shown = reveal?.components?.flatMap((row) => row.components) ?? [];
      expect(shown.filter((entry) => entry.style === 3).map((entry) => entry.label)).toEqual(["B"]);
      expect(text(reveal ?? {})).toContain("2 of 3 correct");
    });

    // After the reveal pause the round closes with the summary: Ada (faster) before Linus, Grace last.
    time.advance(1000);
    await eventually(() => expect(channelPosts()).toHaveLength(2));
    const summary = messageOf(channelPosts()[1] as RecordedRequest);
    expect(summary.embeds?.[0]?.title).toBe("Round over");
    const table = summary.embeds?.[0]?.description ?? "";
    expect(table.indexOf("Ada")).toBeLessThan(table.indexOf("linus"));
    expect(table.indexOf("linus")).toBeLessThan(table.indexOf("Grace"));

    // /leaderboard for this channel lists them in the same order, privately, with a Share button.
    const board = await answerTo(discord.send.command(grace, "leaderboard", { period: "all" }));
    expect(board.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const standings = text(messageOf(board));
    expect(standings.indexOf("Ada")).toBeGreaterThan(-1);
    expect(standings.indexOf("Ada")).toBeLessThan(standings.indexOf("linus"));
    expect(standings.indexOf("linus")).toBeLessThan(standings.indexOf("Grace"));
    const shareButton = messageOf(board).components?.[0]?.components[0];
    expect(shareButton).toMatchObject({ label: "Share in channel", disabled: false });
    expect(channelPosts()).toHaveLength(2);

    // Grace presses Share on her private board: the same board is posted for everyone, naming her.
    const boardMessage = [...discord.messages.values()].find((message) =>
      (message.components as Row[]).some((row) =>
        row.components.some((entry) => entry.custom_id === shareButton?.custom_id),
      ),
    );
    expect(boardMessage?.flags).toBe(64);
    const shared = await answerTo(
      discord.send.button(grace, boardMessage?.id ?? "", shareButton?.custom_id ?? ""),
    );
    expect(shared.body).toMatchObject({ type: 4 });
    expect(messageOf(shared).flags ?? 0).toBe(0);
    expect(messageOf(shared).components ?? []).toEqual([]);
    const sharedText = text(messageOf(shared));
    expect(sharedText).toContain("Shared by Grace");
    expect(sharedText.indexOf("Ada")).toBeLessThan(sharedText.indexOf("linus"));

    // The database holds one answer per member: Ada's second press was not stored.
    const rows = await database.db
      .select({ member: users.displayName, correct: answers.correct, points: answers.points })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId));
    expect(rows.sort((a, b) => b.points - a.points)).toEqual([
      { member: "Ada", correct: true, points: 140 },
      { member: "linus", correct: true, points: 130 },
      { member: "Grace", correct: false, points: 0 },
    ]);
    expect(discord.unknownRoutes).toEqual([]);
    expect(discord.requests.filter((request) => request.status >= 400)).toEqual([]);
  });
  it("GIVEN a server of Ada, Grace and the bot WHEN both answer question 1 THEN it closes at once, before its timer, on one member count asked for the round", async () => {
    discord.setMemberCount(3);
    await answerTo(
      discord.send.command(ada, "quiz", { topic: "choices", questions: 1, seconds: 30 }, "start"),
    );
    await eventually(() => expect(channelPosts()).toHaveLength(1));
    const messageId =
      [...discord.messages.values()].find((message) => message.components.length > 0)?.id ?? "";
    const firstButton = (messageOf(channelPosts()[0] as RecordedRequest).components ?? [])[0]?.components[0];
    // The clock stands still: only the second answer can close the question.
    await answerTo(discord.send.button(ada, messageId, firstButton?.custom_id ?? ""));
    await answerTo(discord.send.button(grace, messageId, firstButton?.custom_id ?? ""));
    await eventually(() => {
      const closed = discord.requests
        .filter((request) => request.method === "PATCH" && request.path.endsWith(`/messages/${messageId}`))
        .map(messageOf)
        .find((message) => message.components?.[0]?.components.every((entry) => entry.disabled));
      expect(text(closed ?? {})).toContain("2 answered");
    });
    const counts = discord.requests.filter((request) => request.path === `/guilds/${discord.guild.id}`);
    expect(counts).toHaveLength(1);
    expect(discord.unknownRoutes).toEqual([]);
  });

  it("GIVEN a text question WHEN a member presses Answer THEN a form opens, the typed answer is checked and acknowledged privately", async () => {
    const start = discord.send.command(
      grace,
      "quiz",
      { topic: "typing", questions: 1, seconds: 30 },
      "start",
    );
    await answerTo(start);
    await eventually(() => expect(channelPosts()).toHaveLength(1));
    const question = messageOf(channelPosts()[0] as RecordedRequest);
    const answerButton = question.components?.[0]?.components[0];
    expect(answerButton).toMatchObject({ label: "Answer", style: 1, disabled: false });
    const messageId =
      [...discord.messages.values()].find((message) => message.components.length > 0)?.id ?? "";

    const press = discord.send.button(ada, messageId, answerButton?.custom_id ?? "");
    const modal = await answerTo(press);
    const form = (modal.body as { type: number; data: { custom_id: string; components: Row[] } }).data;
    expect(modal.body).toMatchObject({ type: 9 });
    const field = form.components[0]?.components[0];
    expect(field).toMatchObject({ type: 4, style: 1 });

    time.advance(3000);
    const submit = discord.send.modal(ada, form.custom_id, {
      [field?.custom_id ?? "answer"]: "asyncio.gather",
    });
    const ack = await answerTo(submit);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(text(messageOf(ack))).toContain("Correct");
    const rows = await database.db.select({ correct: answers.correct }).from(answers);
    expect(rows).toEqual([{ correct: true }]);
  });
  it("GIVEN Run & review on a member's message THEN the bot defers publicly, shows the output for everyone and stores the run under the author", async () => {
    const sent = discord.send.messageCommand(ada, "Run & review", {
      author: grace,
      content: "Why 3?\n```python\nprint(1 + 2)\n```",
    });
    const deferral = await answerTo(sent);
    expect(deferral.body).toEqual({ type: 5, data: { flags: 0 } });
    const shown = await discord.waitForRequest(
      (request) => sent.answers(request) && request.method === "PATCH",
    );
    expect(shown.path).toBe(`/webhooks/${discord.applicationId}/${sent.token}/messages/@original`);
    const output = text(messageOf(shown));
    expect(output).toContain("print(1 + 2)");
    expect(output).toContain("3");
    const runs = await database.db
      .select({ author: users.displayName, code: snippetRuns.code })
      .from(snippetRuns)
      .innerJoin(users, eq(users.id, snippetRuns.userId));
    expect(runs).toEqual([{ author: "Grace", code: "print(1 + 2)\n" }]);
  });

  it("GIVEN Run & review on racy code THEN the result carries a Review section with the finding, its why, fix and docs link, the author hears of her card by DM, and Add to my reviews gives the runner his", async () => {
    const code = [
      "import threading",
      "total = 0",
      "def add():",
      "    global total",
      "    total += 1",
      "threads = [threading.Thread(target=add) for _ in range(3)]",
      "for t in threads:",
      "    t.start()",
      "for t in threads:",
      "    t.join()",
    ].join("\n");
    const sent = discord.send.messageCommand(ada, "Run & review", {
      author: grace,
      content: `\`\`\`python\n${code}\n\`\`\``,
    });
    await answerTo(sent);
    const shown = await discord.waitForRequest(
      (request) => sent.answers(request) && request.method === "PATCH",
    );
    const output = text(messageOf(shown));
    expect(output).toContain("Review:");
    expect(output).toContain("Line 5: Shared value updated by threads without a lock");
    expect(output).toContain("https://docs.python.org/3/library/threading.html#lock-objects");

    // Grace wrote it: her card comes with a DM; Ada ran it and takes the same card with the button.
    await eventually(() => {
      const dm = discord.requests.find(
        (request) =>
          request.method === "POST" &&
          /^\/channels\/9\d+\/messages$/.test(request.path) &&
          JSON.stringify(request.body).includes("1 card on race condition added to your reviews"),
      );
      expect(dm).toBeDefined();
    });
    const button = messageOf(shown)
      .components?.flatMap((row) => row.components)
      .find((component) => component.label === "Add to my reviews");
    expect(button?.custom_id).toMatch(/^run:cards:\d+$/);
    const resultMessage = [...discord.messages.values()].find((message) =>
      JSON.stringify(message).includes(button?.custom_id ?? "none"),
    );
    const pressed = discord.send.button(ada, resultMessage?.id ?? "", button?.custom_id ?? "");
    const added = await discord.waitForRequest(
      (request) => pressed.answers(request) && JSON.stringify(request.body).includes("added to your reviews"),
    );
    expect(JSON.stringify(added.body)).toContain("1 card on race condition added to your reviews");
    const cards = await database.db
      .select({ member: users.displayName, questionId: reviewCards.questionId })
      .from(reviewCards)
      .innerJoin(users, eq(users.id, reviewCards.userId))
      .orderBy(users.displayName);
    expect(cards).toEqual([
      { member: "Ada", questionId: "race-1" },
      { member: "Grace", questionId: "race-1" },
    ]);
  });

  it("GIVEN /review settings easy_days and vacation on Discord THEN every reply is private, a bad value is refused with what is expected, /review waits while away, and off brings Ada back to her waiting cards", async () => {
    const settings = async (options: Record<string, string>) => {
      const reply = await answerTo(discord.send.command(ada, "review", options, "settings"));
      expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
      return text(messageOf(reply));
    };
    const easyDays = await settings({ easy_days: "sat,sun" });
    expect(easyDays).toMatch(/Easy days \(fewer reviews\)[^}]*Sun, Sat/);
    // The workload table of each retention comes with the settings (issue 23 §2).
    expect(easyDays).toMatch(/Workload[\s\S]*Retention[\s\S]*80 %[\s\S]*90 % \(yours\)[\s\S]*95 %/);
    expect(await settings({ easy_days: "someday" })).toContain(
      "That option isn't valid: easy_days. Expected weekdays such as sat,sun, or none.",
    );
    const [easy] = await database.db.select().from(userSettings);
    expect(easy?.lightWeekdays).toEqual([0, 6]);

    // Two cards missed yesterday are due; a 14-day vacation holds them back.
    const store = drizzleReviewStorage(database.db);
    const adaId = await store.members.userIdOf({ platform: "discord", id: ada.id, displayName: "Ada" });
    for (const questionId of ["q1", "t1"]) {
      await store.cards.grade({
        userId: adaId,
        questionId,
        grade: AGAIN,
        at: new Date(time.now().getTime() - 86_400_000),
        source: "review",
        platform: "discord",
        workspaceId: discord.guild.id,
      });
    }
    expect(await settings({ vacation: "14" })).toMatch(
      /Vacation[^}]*on until \w{3} \d{1,2} \w{3}: reviews and reminders paused/,
    );
    const paused = await answerTo(discord.send.command(ada, "review", {}, "start"));
    expect(paused.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(text(messageOf(paused))).toContain("Your reviews and reminders are paused until");
    expect(await settings({ vacation: "someday" })).toContain(
      "That option isn't valid: vacation. Expected the day you are back (2026-12-24)",
    );
    const back = await settings({ vacation: "off" });
    expect(back).toContain("Welcome back: 2 cards waited while you were away, all due today.");
    expect(back).toMatch(/Vacation[^}]*off/);
    const card = await answerTo(discord.send.command(ada, "review", {}, "start"));
    expect(text(messageOf(card))).toContain("2 due, 1 new");
    expect(discord.requests.filter((request) => request.status >= 400)).toEqual([]);
  });

  it("GIVEN /check THEN the code is reviewed for everyone without running it", async () => {
    const sent = discord.send.command(ada, "check", {
      code: "import asyncio, time\nasync def main():\n    time.sleep(1)\n",
    });
    await answerTo(sent);
    const shown = await discord.waitForRequest(
      (request) => sent.answers(request) && request.method === "PATCH",
    );
    const output = text(messageOf(shown));
    expect(output).toContain("Review only: snippet by Ada");
    expect(output).toContain("time.sleep() inside async def");
    expect(await database.db.select().from(snippetRuns)).toEqual([]);
  });
});
