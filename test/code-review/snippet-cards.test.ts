import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { CodeRunner, RunResult } from "../../src/domain/ports/code-runner.js";
import type { SnippetCardsView, SnippetRunView, StatsView } from "../../src/domain/ports/views/index.js";
import { present } from "../../src/platforms/shared/present.js";
import { ProcessCodeReviewer } from "../../src/review/process-code-reviewer.js";
import { reviewCards, snippetFindings, users } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";
import { runReview } from "./harness.js";

// The real review worker: its parsers take seconds to load, so the file shares one.
const reviewer = new ProcessCodeReviewer();
beforeAll(async () => {
  await reviewer.warm();
}, 120_000);
afterAll(async () => {
  await reviewer.close();
});

/** Stands in for the sandbox (tested on its own in test/runner): what a run printed is not the point here. */
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

/** An unlocked `total += 1` from thread targets: QB102, tagged race-condition, lock, threading. */
const racy = [
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
  "print(total)",
].join("\n");

// Five questions on the race's tags (more than one snippet gives), one unrelated, and a challenge never given.
const pack = testPack([
  choiceQuestion("race-1", { tags: ["race-condition"], difficulty: 1 }),
  choiceQuestion("race-2", { tags: ["race-condition", "lock"], difficulty: 2 }),
  choiceQuestion("race-3", { tags: ["race-condition"], difficulty: 3 }),
  choiceQuestion("lock-1", { tags: ["lock"], difficulty: 1 }),
  choiceQuestion("thread-1", { tags: ["threading"], difficulty: 1 }),
  choiceQuestion("other", { tags: ["asyncio"], difficulty: 1 }),
]);

describe("cards on a snippet's findings join its author's reviews", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let bot: Bot;
  const at = new Date("2026-12-01T10:00:00Z");

  beforeEach(async () => {
    database = await createTestDatabase();
    platform = new FakePlatform();
    bot = createBot({
      database,
      platforms: [platform],
      packs: [pack],
      logger: silentLogger(),
      runner: scriptedRunner,
      reviewer,
    });
    await bot.start();
  });

  afterEach(async () => {
    await bot.stop();
    await database.close();
  });

  const alice = () => platform.member("alice", { displayName: "Alice" });
  const bob = () => platform.member("bob", { displayName: "Bob" });
  const run = (code: string, user = alice(), when = at) =>
    platform.command(user, "run", undefined, { code }, when);
  const notes = (userId: string) =>
    platform.privateTo(userId).filter((view): view is SnippetCardsView => view.kind === "snippet_cards");
  const lastRun = (): SnippetRunView => {
    const view = platform.views("snippet_run", "public").at(-1);
    if (!view) throw new Error("no snippet run shown");
    return view;
  };
  async function cardsOf(name: string) {
    return database.db
      .select({ questionId: reviewCards.questionId, due: reviewCards.due, state: reviewCards.state })
      .from(reviewCards)
      .innerJoin(users, eq(users.id, reviewCards.userId))
      .where(eq(users.displayName, name))
      .orderBy(reviewCards.questionId);
  }

  it("GIVEN a member runs racy code THEN three unseen cards on the race's tags are due now in their reviews, with a private note, and /review start shows one", async () => {
    await run(racy);
    const cards = await cardsOf("Alice");
    // The most important tag first (race-condition), gentlest first: race-1, race-2, race-3.
    expect(cards.map((card) => card.questionId)).toEqual(["race-1", "race-2", "race-3"]);
    expect(cards.every((card) => card.due.getTime() === at.getTime() && card.state === 0)).toBe(true);
    expect(notes("alice")).toEqual([
      {
        kind: "snippet_cards",
        outcome: "added",
        count: 3,
        tags: ["race-condition", "lock"],
        automatic: true,
      },
    ]);
    const note = JSON.stringify(present(notes("alice")[0] as SnippetCardsView, fullCapabilities));
    expect(note).toContain("3 cards on race condition and lock added to your reviews");
    expect(note).toContain("snippet_cards:false");

    await platform.command(alice(), "review", "start", {}, new Date(at.getTime() + 1000));
    const card = platform.privateTo("alice").find((view) => view.kind === "review_card");
    expect(card).toMatchObject({ prompt: "Prompt of race-1", dueCount: 3 });
  });

  it("GIVEN the same snippet delivered again, or run again later THEN no more cards are added and no second note is sent", async () => {
    await run(racy);
    await run(racy, alice(), new Date(at.getTime() + 60_000));
    await Promise.all([run(racy), run(racy)]);
    expect((await cardsOf("Alice")).map((card) => card.questionId)).toEqual(["race-1", "race-2", "race-3"]);
    expect(notes("alice")).toHaveLength(1);
    // Each run still records its findings for /stats.
    const rows = await database.db.select().from(snippetFindings);
    expect(rows.map((row) => row.ruleId)).toEqual(["QB102", "QB102", "QB102", "QB102"]);
  });

  it("GIVEN clean code THEN no cards, no note and no Add to my reviews button", async () => {
    await run("print(1 + 2)");
    expect(await cardsOf("Alice")).toEqual([]);
    expect(notes("alice")).toEqual([]);
    expect(lastRun().cardsActionId).toBeUndefined();
    const labels = present(lastRun(), fullCapabilities)
      .buttons?.flat()
      .map((button) => button.label);
    expect(labels).not.toContain("Add to my reviews");
  });

  it("GIVEN the member turned snippet cards off in /review settings THEN their runs add none and say nothing, and pressing the button still adds them", async () => {
    await platform.command(alice(), "review", "settings", { snippet_cards: false });
    const settings = platform.privateTo("alice").find((view) => view.kind === "review_settings");
    expect(settings).toMatchObject({ snippetCards: false });
    expect(JSON.stringify(present(settings as never, fullCapabilities))).toContain(
      "Cards from your snippets",
    );

    await run(racy);
    expect(await cardsOf("Alice")).toEqual([]);
    expect(notes("alice")).toEqual([]);

    const actionId = lastRun().cardsActionId;
    expect(actionId).toMatch(/^run:cards:\d+$/);
    await platform.press(alice(), actionId as string);
    expect((await cardsOf("Alice")).map((card) => card.questionId)).toEqual(["race-1", "race-2", "race-3"]);
    expect(notes("alice")).toMatchObject([{ outcome: "added", count: 3, automatic: false }]);

    await platform.command(alice(), "review", "settings", { snippet_cards: true });
    expect(
      platform
        .privateTo("alice")
        .filter((view) => view.kind === "review_settings")
        .at(-1),
    ).toMatchObject({
      snippetCards: true,
    });
  });

  it("GIVEN another member presses Add to my reviews THEN they get the cards once, a second press says so, and the author's are untouched", async () => {
    await run(racy);
    const actionId = lastRun().cardsActionId as string;
    expect(
      present(lastRun(), fullCapabilities)
        .buttons?.flat()
        .map((button) => button.label),
    ).toContain("Add to my reviews");
    await platform.press(bob(), actionId);
    await Promise.all([platform.press(bob(), actionId), platform.press(bob(), actionId)]);
    expect((await cardsOf("Bob")).map((card) => card.questionId)).toEqual(["race-1", "race-2", "race-3"]);
    expect(notes("bob").map((note) => note.outcome)).toEqual(["added", "already_added", "already_added"]);
    expect(JSON.stringify(present(notes("bob")[1] as SnippetCardsView, fullCapabilities))).toContain(
      "already in your reviews",
    );
    expect(await cardsOf("Alice")).toHaveLength(3);
  });

  it("GIVEN a member has seen every question on the tags THEN a press says there is nothing new", async () => {
    await run(racy);
    const actionId = lastRun().cardsActionId as string;
    // A second snippet with the same finding gives the next unseen ones: lock-1 and thread-1.
    await run(`${racy}\n# again`);
    expect((await cardsOf("Alice")).map((card) => card.questionId)).toEqual([
      "lock-1",
      "race-1",
      "race-2",
      "race-3",
      "thread-1",
    ]);
    await run(`${racy}\n# a third time`);
    const third = lastRun().cardsActionId as string;
    expect(notes("alice").map((note) => note.count)).toEqual([3, 2]);
    await platform.press(alice(), actionId);
    expect(notes("alice").at(-1)).toMatchObject({ outcome: "already_added" });
    await platform.press(bob(), actionId);
    await platform.command(bob(), "run", undefined, { code: `${racy}\n# bob's` }, at);
    expect(notes("bob").at(-1)).toMatchObject({ outcome: "added", count: 2 });
    await platform.press(bob(), third);
    expect(notes("bob").at(-1)).toMatchObject({ outcome: "none_unseen" });
    expect(JSON.stringify(present(notes("bob").at(-1) as SnippetCardsView, fullCapabilities))).toContain(
      "nothing new to add",
    );
  });

  it("GIVEN Run & review on another member's message THEN the author gets the cards and the note as a direct message, and the runner none", async () => {
    const answered = await runReview(bot, platform.place, alice(), {
      text: `\`\`\`python\n${racy}\n\`\`\``,
      author: bob(),
    });
    expect(answered.map((answer) => answer.via)).toEqual(["defer", "public"]);
    expect((await cardsOf("Bob")).map((card) => card.questionId)).toEqual(["race-1", "race-2", "race-3"]);
    expect(await cardsOf("Alice")).toEqual([]);
    expect(platform.sent.filter((sent) => sent.via === "direct")).toEqual([
      {
        via: "direct",
        to: "bob",
        view: {
          kind: "snippet_cards",
          outcome: "added",
          count: 3,
          tags: ["race-condition", "lock"],
          automatic: true,
        },
      },
    ]);
  });

  it("GIVEN a member's snippets triggered findings THEN /stats names the ones found most in the last 30 days, and not another member's", async () => {
    const asyncBlocking = "import asyncio, time\nasync def main():\n    time.sleep(1)\nasyncio.run(main())\n";
    const day = 86_400_000;
    await run(racy);
    await run(`${racy}\n# two`);
    await run(asyncBlocking);
    await run(racy, bob());
    // Findings older than 30 days are left out.
    const [aliceRow] = await database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.displayName, "Alice"));
    await database.db
      .update(snippetFindings)
      .set({ createdAt: new Date(Date.now() - 31 * day) })
      .where(and(eq(snippetFindings.userId, aliceRow?.id ?? -1), eq(snippetFindings.ruleId, "ASYNC251")));
    await run(asyncBlocking.replace("1", "2"));

    await platform.command(alice(), "stats", undefined);
    const stats = platform.privateTo("alice").find((view): view is StatsView => view.kind === "stats");
    expect(stats?.snippetFindings).toEqual([
      { ruleId: "QB102", title: "Shared value updated by threads without a lock", snippets: 2 },
      { ruleId: "ASYNC251", title: expect.any(String), snippets: 1 },
    ]);
    const text = JSON.stringify(present(stats as StatsView, fullCapabilities));
    expect(text).toContain("In your snippets (30 days)");
    expect(text).toContain("Shared value updated by threads without a lock (`QB102`): 2 snippets");
  });
});
