import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../../src/bot.js";
import type { ChallengeQuestion } from "../../../src/domain/questions/question.js";
import { ProcessCodeReviewer } from "../../../src/review/process-code-reviewer.js";
import type { StartedCodeRunner } from "../../../src/runner/index.js";
import { answers, reviewCards } from "../../../src/storage/schema/index.js";
import { startTestRunner } from "../../code-review/harness.js";
import {
  type Actor,
  blockAction,
  messageShortcut,
  slashCommand,
  viewSubmission,
} from "../../fakes/slack/payloads.js";
import { postCommand, postInteraction } from "../../fakes/slack/signed-request.js";
import { createSlack, type SlackUnderTest, signingSecret } from "../../fakes/slack/slack-harness.js";
import { FakeJobClock } from "../../jobs/fake-job-clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { eventually } from "../../support/manual-time.js";
import { choiceQuestion, testPack } from "../../support/questions.js";

const channelId = "CSTUDY";
const ada: Actor = { userId: "UADA", userName: "ada", channelId };
const grace: Actor = { userId: "UGRACE", userName: "grace", channelId };
const signed = { signingSecret };

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

const challenge: ChallengeQuestion = {
  id: "slack-challenge",
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

const pack = testPack([
  choiceQuestion("race-1", { tags: ["race-condition"] }),
  choiceQuestion("race-2", { tags: ["race-condition"] }),
  challenge,
]);

// The real review worker and the real sandbox, shared by the file: both take seconds to start.
let reviewer: ProcessCodeReviewer;
let runner: StartedCodeRunner;
beforeAll(async () => {
  reviewer = new ProcessCodeReviewer();
  runner = await startTestRunner();
  await reviewer.warm();
}, 120_000);
afterAll(async () => {
  await reviewer.close();
  await runner.close();
});

/**
 * The Review section through the real Bolt app in HTTP mode and the fake Slack: under /run, under "Run &
 * review" (with the author's cards as a DM) and under a challenge result, with the real bot, sandbox and
 * review worker.
 */
describe("code review on the fake Slack", { timeout: 120_000 }, () => {
  let slack: SlackUnderTest;
  let database: TestDatabase;
  let bot: Bot;

  beforeEach(async () => {
    database = await createTestDatabase();
    slack = await createSlack("http");
    slack.fake.addUser({ id: ada.userId, name: "ada", displayName: "Ada" });
    slack.fake.addUser({ id: grace.userId, name: "grace", displayName: "Grace" });
    bot = createBot({
      database,
      platforms: [slack.platform],
      packs: [pack],
      logger: slack.logger,
      runner,
      reviewer,
      rounds: { sweepMs: 600_000 },
      jobClock: new FakeJobClock(),
    });
    await bot.start();
  });

  afterEach(async () => {
    await bot.stop();
    await slack.stop();
    await database.close();
  });

  /** Everything the bot said, each with where it went: response_url bodies and Web API calls. */
  function said(): { readonly via: string; readonly text: string }[] {
    const { fake } = slack;
    const calls = ["chat.postMessage", "chat.update", "chat.postEphemeral"].flatMap((method) =>
      fake.callsTo(method).map((call) => ({ via: method, text: JSON.stringify(call.args) })),
    );
    return [
      ...fake.responses.map((response) => ({ via: "response_url", text: JSON.stringify(response.body) })),
      ...calls,
    ];
  }
  const saying = (words: string) => said().find((message) => message.text.includes(words));
  const actionId = (prefix: string) =>
    said()
      .map((message) => new RegExp(`"action_id":"(${prefix}[^"]*)"`).exec(message.text)?.[1])
      .find((found) => found !== undefined);

  it("GIVEN /run of racy code THEN the channel sees the output with a Review section and Add to my reviews, the author a private note, and another member's press adds their cards", async () => {
    const response = await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/run", `\`\`\`python\n${racy}\n\`\`\``, slack.fake.responseUrl()),
      signed,
    );
    expect(response.status).toBe(200);
    await eventually(() => expect(saying("Review:")).toBeDefined(), 60_000);
    const result = saying("Review:");
    // For everyone: a channel message, not an ephemeral one.
    expect(["chat.postMessage", "chat.update"]).toContain(result?.via);
    expect(result?.text).toContain(`"channel":"${channelId}"`);
    expect(result?.text).toContain("Line 5: Shared value updated by threads without a lock");
    expect(result?.text).toContain("threading.html#lock-objects");
    expect(result?.text).toContain("Add to my reviews");
    await eventually(() => expect(saying("2 cards on race condition added to your reviews")).toBeDefined());
    const note = saying("2 cards on race condition");
    expect(note?.via === "chat.postEphemeral" || note?.text.includes('"response_type":"ephemeral"')).toBe(
      true,
    );

    const cards = actionId("run:cards:");
    expect(cards).toBeDefined();
    await postInteraction(
      slack.eventsUrl,
      blockAction(grace, { actionId: cards ?? "" }, { ts: "1700000200.000100" }, slack.fake.responseUrl()),
      signed,
    );
    await eventually(async () => expect(await database.db.select().from(reviewCards)).toHaveLength(4));
    await eventually(() =>
      expect(
        said().filter((message) => message.text.includes("2 cards on race condition added")).length,
      ).toBe(2),
    );
  });

  it("GIVEN Run & review on another member's message THEN the Review section reaches the channel and the author hears about their cards by DM", async () => {
    await postInteraction(
      slack.eventsUrl,
      messageShortcut(
        ada,
        { text: `\`\`\`python\n${racy}\n\`\`\``, userId: grace.userId },
        slack.fake.responseUrl(),
      ),
      signed,
    );
    await eventually(() => expect(saying("Review:")).toBeDefined(), 60_000);
    expect(saying("Review:")?.text).toContain("Shared value updated by threads without a lock");
    await eventually(() => expect(saying("added to your reviews")).toBeDefined());
    const note = slack.fake
      .callsTo("chat.postMessage")
      .find((call) => JSON.stringify(call.args).includes("added to your reviews"));
    // A DM goes to the conversation Slack opened with the author, not to the study channel.
    expect(note?.args.channel).not.toBe(channelId);
    expect(slack.fake.callsTo("conversations.open").map((call) => call.args.users)).toContain(grace.userId);
  });

  it("GIVEN a challenge in a round THEN a submission's result carries the Review section, and one Python cannot parse is shown with a caret and not recorded", async () => {
    await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", `start topic:${challenge.id} questions:1`, slack.fake.responseUrl()),
      signed,
    );
    let submitCode: string | undefined;
    await eventually(() => {
      submitCode = actionId("q:c:");
      expect(submitCode).toBeDefined();
    }, 30_000);
    await postInteraction(
      slack.eventsUrl,
      blockAction(
        grace,
        { actionId: submitCode ?? "" },
        { ts: "1700000300.000100" },
        slack.fake.responseUrl(),
      ),
      signed,
    );
    await eventually(() => expect(slack.fake.callsTo("views.open")).toHaveLength(1));
    const view = slack.fake.callsTo("views.open")[0]?.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    expect(view.callback_id).toMatch(/^qc:\d+$/);
    const submit = (code: string) =>
      postInteraction(
        slack.eventsUrl,
        viewSubmission(grace, view.callback_id, view.private_metadata, { code }),
        signed,
      );

    await submit("def one(:\n    return 1\n");
    await eventually(() => expect(saying("Python cannot parse this")).toBeDefined(), 60_000);
    const broken = saying("Python cannot parse this");
    expect(broken?.via).toBe("chat.postEphemeral");
    expect(broken?.text).toContain("def one(:\\n");
    expect(broken?.text).toContain("^");
    expect(broken?.text).toContain("not recorded as your answer");
    expect(await database.db.select().from(answers)).toEqual([]);

    await submit(challenge.solution);
    await eventually(() => expect(saying("No concurrency problems found")).toBeDefined(), 60_000);
    expect(saying("No concurrency problems found")?.via).toBe("chat.postEphemeral");
    await eventually(async () => expect(await database.db.select().from(answers)).toHaveLength(1));
  });
});
