import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Pack } from "../../../src/domain/questions/question.js";
import { AGAIN } from "../../../src/domain/reviews/grading.js";
import { drizzleReviewStorage } from "../../../src/storage/reviews/index.js";
import { answers, userSettings, users } from "../../../src/storage/schema/index.js";
import type { RecordedCall } from "../../fakes/slack/fake-slack.js";
import {
  type Actor,
  appHomeOpened,
  blockAction,
  channelMessage,
  eventCallback,
  slashCommand,
} from "../../fakes/slack/payloads.js";
import { postCommand, postEvent, postInteraction } from "../../fakes/slack/signed-request.js";
import { type SlackUnderTest, signingSecret, startSlackBot } from "../../fakes/slack/slack-harness.js";
import type { TestDatabase } from "../../support/database.js";
import { eventually, ManualTime } from "../../support/manual-time.js";
import { choiceQuestion, testPack, textQuestion } from "../../support/questions.js";

const channelId = "CSTUDY";
const ada: Actor = { userId: "UADA", userName: "ada", channelId };
const grace: Actor = { userId: "UGRACE", userName: "grace", channelId };
const linus: Actor = { userId: "ULINUS", userName: "linus", channelId };
const signed = { signingSecret };

type Element = { type: string; action_id?: string; text?: { text: string } | string };
type SlackBlock = { type: string; elements?: Element[]; text?: { text: string } };
const blocksOf = (call: RecordedCall) => (call.args.blocks ?? []) as SlackBlock[];
const textOf = (call: RecordedCall) => JSON.stringify(call.args.blocks ?? []);
const buttonsOf = (call: RecordedCall) =>
  blocksOf(call)
    .filter((block) => block.type === "actions")
    .flatMap((block) => block.elements ?? []);

/**
 * The real bot (createBot: router, rounds, PGlite storage) behind the real Bolt app in HTTP mode, with
 * requests signed as Slack signs them and every Web API call answered by the fake Slack on 127.0.0.1.
 * Time is manual for the round engine and the adapter, so the test decides when the question closes.
 */
// Generous: a PGlite clone alone takes seconds when the two cores are shared with other suites.
describe("quizbot on the fake Slack, end to end", { timeout: 120_000 }, () => {
  let slack: SlackUnderTest;
  let time: ManualTime;
  let stop: (() => Promise<void>) | undefined;

  /** Each scenario brings its own one-question pack. */
  async function startBot(pack: Pack): Promise<TestDatabase> {
    time = new ManualTime(new Date());
    const started = await startSlackBot(
      [
        { id: ada.userId, name: "ada", displayName: "Ada" },
        { id: grace.userId, name: "grace", displayName: "Grace" },
        { id: linus.userId, name: "linus" },
      ],
      // Reminder jobs fire only when a test says so (startSlackBot's job clock); none of these needs them.
      { packs: [pack], clock: time, timers: time, rounds: { revealPauseMs: 1000, sweepMs: 600_000 } },
      { now: () => time.now() },
    );
    ({ slack, stop } = started);
    return started.database;
  }

  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it("GIVEN /quiz start WHEN three members answer (one click redelivered, one double click) THEN each answer is stored once, the count goes live, the reveal marks B, the summary ranks them, the App Home, a private review and a private, then shared, leaderboard follow", async () => {
    const database = await startBot(testPack([choiceQuestion("q1")]));
    const { fake } = slack;
    const posts = () => fake.callsTo("chat.postMessage");
    const updates = () => fake.callsTo("chat.update");

    // /quiz start: acknowledged at once, a public "round started", then the question with one button per choice.
    const started = await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", "start questions:1 seconds:5", fake.responseUrl()),
      signed,
    );
    expect(started.status).toBe(200);
    await eventually(() => expect(posts().some((call) => buttonsOf(call).length > 0)).toBe(true));
    const questionPost = posts().find((call) => buttonsOf(call).length > 0) as RecordedCall;
    expect(posts().indexOf(questionPost)).toBe(1);
    expect(textOf(posts()[0] as RecordedCall)).toContain("started a round");
    const labels = buttonsOf(questionPost).map((button) =>
      typeof button.text === "object" ? button.text.text : button.text,
    );
    expect(labels).toEqual(["A", "B", "C"]);
    const questionTs = (questionPost.answer as { ts: string }).ts;
    const action = (label: string) => buttonsOf(questionPost)[labels.indexOf(label)]?.action_id ?? "missing";

    const click = async (actor: Actor, label: string, actionTs?: string) => {
      const responseUrl = fake.responseUrl();
      const id = responseUrl.split("/").at(-1) ?? "";
      const payload = blockAction(
        actor,
        { actionId: action(label), ...(actionTs ? { actionTs } : {}) },
        { ts: questionTs },
        responseUrl,
      );
      const response = await postInteraction(slack.eventsUrl, payload, signed);
      expect(response.status).toBe(200);
      return { id, payload };
    };
    const replyTo = async (id: string) => {
      await eventually(() => expect(fake.responses.some((response) => response.id === id)).toBe(true));
      return JSON.stringify(fake.responses.find((response) => response.id === id)?.body);
    };

    // Ada and Grace answer after one second, Linus after two. Ada's click is redelivered (same action_ts),
    // and she clicks a second time (a new action_ts).
    time.advance(1000);
    const adaFirst = await click(ada, "B", "1700000100.000001");
    const redelivered = await postInteraction(slack.eventsUrl, adaFirst.payload, {
      signingSecret,
      retryNum: 1,
    });
    expect(redelivered.status).toBe(200);
    const graceAnswer = await click(grace, "A");
    time.advance(1000);
    const linusAnswer = await click(linus, "B");
    const adaAgain = await click(ada, "C");
    expect(await replyTo(adaFirst.id)).toContain("Correct");
    expect(await replyTo(graceAnswer.id)).toContain("Not quite");
    expect(await replyTo(linusAnswer.id)).toContain("Correct");
    expect(await replyTo(adaAgain.id)).toMatch(/already answered/i);
    for (const response of fake.responses)
      expect(response.body).toMatchObject({ response_type: "ephemeral" });

    // The live count is edited into the question message (chat.update on its channel and ts).
    await eventually(() => {
      time.advance(1000);
      expect(updates().some((call) => textOf(call).includes("3 answered"))).toBe(true);
    });
    expect(updates().every((call) => call.args.channel === channelId && call.args.ts === questionTs)).toBe(
      true,
    );

    // At the close the buttons are gone (Slack cannot disable them) and B is marked as the answer.
    time.advance(2000);
    await eventually(() => {
      const reveal = updates().find((call) => textOf(call).includes("2 of 3 correct"));
      expect(reveal).toBeDefined();
      expect(buttonsOf(reveal as RecordedCall)).toEqual([]);
      expect(textOf(reveal as RecordedCall)).toContain("✓ B");
    });

    // After the reveal pause the round closes with the summary: Ada (faster) before linus, Grace last.
    await eventually(() => {
      time.advance(1000);
      expect(posts()).toHaveLength(3);
    });
    const summary = textOf(posts()[2] as RecordedCall);
    expect(summary).toContain("Round over");
    expect(summary.indexOf("Ada")).toBeLessThan(summary.indexOf("linus"));
    expect(summary.indexOf("linus")).toBeLessThan(summary.indexOf("Grace"));

    // One stored answer per member: neither the redelivery nor the second click added one.
    const rows = await database.db
      .select({ member: users.displayName, correct: answers.correct, points: answers.points })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId));
    expect(rows.sort((a, b) => b.points - a.points)).toEqual([
      { member: "Ada", correct: true, points: 140 },
      { member: "linus", correct: true, points: 130 },
      { member: "Grace", correct: false, points: 0 },
    ]);
    expect(fake.callsTo("users.info").length).toBe(3);

    // Opening the App Home shows each member's own figures: Grace's missed card is due today, Ada's is not.
    const home = async (actor: Actor) => {
      await postEvent(slack.eventsUrl, eventCallback(appHomeOpened(actor.userId)), signed);
      await eventually(() =>
        expect(fake.callsTo("views.publish").some((call) => call.args.user_id === actor.userId)).toBe(true),
      );
      return JSON.stringify(
        fake.callsTo("views.publish").find((call) => call.args.user_id === actor.userId)?.args,
      );
    };
    const graceHome = await home(grace);
    const adaHome = await home(ada);
    expect(graceHome).toContain("Your progress");
    expect(graceHome).toContain("*Due today*\\n1");
    expect(graceHome).toContain("0 % of 1");
    expect(adaHome).toContain("*Due today*\\n0");
    expect(adaHome).toContain("100 % of 1");
    expect(adaHome).toContain("/quizhelp");

    // Grace reviews the card she missed, privately: the card is ephemeral, so every press replaces it
    // through the press's own response_url rather than chat.update.
    const press = async (actor: Actor, actionId: string) => {
      const responseUrl = fake.responseUrl();
      const id = responseUrl.split("/").at(-1) ?? "";
      const payload = blockAction(
        actor,
        { actionId },
        { ts: "1700000900.000001", ephemeral: true },
        responseUrl,
      );
      await postInteraction(slack.eventsUrl, payload, signed);
      return id;
    };
    const bodyOf = async (id: string) => {
      await replyTo(id);
      return fake.responses.find((response) => response.id === id)?.body as {
        replace_original?: boolean;
        response_type?: string;
        blocks: SlackBlock[];
      };
    };
    const button = (blocks: SlackBlock[], label: RegExp) =>
      blocks
        .filter((block) => block.type === "actions")
        .flatMap((block) => block.elements ?? [])
        .find((element) => typeof element.text === "object" && label.test(element.text.text))?.action_id ??
      "missing";
    const updatesBefore = updates().length;
    // A missed card comes back after a short learning step.
    time.advance(15 * 60_000);
    const reviewUrl = fake.responseUrl();
    await postCommand(slack.eventsUrl, slashCommand(grace, "/review", "", reviewUrl), signed);
    const card = await bodyOf(reviewUrl.split("/").at(-1) ?? "");
    expect(card.response_type).toBe("ephemeral");
    expect(JSON.stringify(card.blocks)).toContain("Review · card 1 of 1");
    const revealed = await bodyOf(await press(grace, button(card.blocks, /^B$/)));
    expect(revealed.replace_original).toBe(true);
    expect(JSON.stringify(revealed.blocks)).toContain("Right (B)");
    const done = await bodyOf(await press(grace, button(revealed.blocks, /^Good/)));
    expect(done.replace_original).toBe(true);
    expect(JSON.stringify(done.blocks)).toContain("Review done");
    expect(updates()).toHaveLength(updatesBefore);

    // /leaderboard answers Ada alone (ephemeral, through the command's response_url) with a Share button;
    // her press posts the same board in the channel with chat.postMessage, naming her.
    const postsBefore = posts().length;
    const boardUrl = fake.responseUrl();
    await postCommand(slack.eventsUrl, slashCommand(ada, "/leaderboard", "all", boardUrl), signed);
    const privateBoard = await bodyOf(boardUrl.split("/").at(-1) ?? "");
    expect(privateBoard.response_type).toBe("ephemeral");
    expect(JSON.stringify(privateBoard.blocks)).toMatch(/Ada[\s\S]*linus[\s\S]*Grace/);
    expect(posts()).toHaveLength(postsBefore);
    await press(ada, button(privateBoard.blocks, /^Share in channel$/));
    await eventually(() => expect(posts()).toHaveLength(postsBefore + 1));
    const sharedBoard = posts().at(-1) as RecordedCall;
    expect(sharedBoard.args.channel).toBe(channelId);
    expect(textOf(sharedBoard)).toContain("Shared by Ada");
    expect(textOf(sharedBoard)).toMatch(/Ada[\s\S]*linus[\s\S]*Grace/);
    expect(buttonsOf(sharedBoard)).toEqual([]);
  });

  it("GIVEN a channel whose members Slack lists as Ada and Grace WHEN both answer question 1 THEN it closes at once, as question 2 does, and the list is asked once for the round", async () => {
    await startBot(testPack([choiceQuestion("q1"), choiceQuestion("q2")]));
    const { fake } = slack;
    fake.channelMembers.set(channelId, [ada.userId, grace.userId]);
    const posts = () => fake.callsTo("chat.postMessage");
    const questions = () => posts().filter((call) => buttonsOf(call).length > 0);
    const reveals = () =>
      fake
        .callsTo("chat.update")
        .filter((call) => /of 2 correct/.test(textOf(call)) && !buttonsOf(call).length);
    const answer = async (actor: Actor, question: RecordedCall) => {
      const responseUrl = fake.responseUrl();
      const actionId = buttonsOf(question)[1]?.action_id ?? "missing";
      const ts = (question.answer as { ts: string }).ts;
      await postInteraction(slack.eventsUrl, blockAction(actor, { actionId }, { ts }, responseUrl), signed);
      const id = responseUrl.split("/").at(-1);
      await eventually(() => expect(fake.responses.some((response) => response.id === id)).toBe(true));
    };

    await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", "start questions:2 seconds:30", fake.responseUrl()),
      signed,
    );
    await eventually(() => expect(questions()).toHaveLength(1));
    // The clock stands still: only both members' answers can close each question.
    await answer(ada, questions()[0] as RecordedCall);
    await answer(grace, questions()[0] as RecordedCall);
    await eventually(() => expect(reveals()).toHaveLength(1));
    expect(textOf(reveals()[0] as RecordedCall)).toContain("2 answered");
    // The reveal pause (its timer is set just after the reveal went out).
    await eventually(() => {
      time.advance(1000);
      expect(questions()).toHaveLength(2);
    });
    await answer(grace, questions()[1] as RecordedCall);
    await answer(ada, questions()[1] as RecordedCall);
    await eventually(() => expect(reveals()).toHaveLength(2));
    expect(fake.callsTo("conversations.members")).toHaveLength(1);
    expect(fake.callsTo("conversations.members")[0]?.args.channel).toBe(channelId);
  });

  it("GIVEN /review settings easy_days and vacation on Slack THEN every reply is ephemeral, a bad value is refused with what is expected, /review waits while away, and off brings Grace back to her waiting cards", async () => {
    const database = await startBot(testPack([choiceQuestion("q1"), choiceQuestion("q2")]));
    const { fake } = slack;
    const run = async (text: string) => {
      const responseUrl = fake.responseUrl();
      const id = responseUrl.split("/").at(-1) ?? "";
      expect(
        (await postCommand(slack.eventsUrl, slashCommand(grace, "/review", text, responseUrl), signed))
          .status,
      ).toBe(200);
      await eventually(() => expect(fake.responses.some((response) => response.id === id)).toBe(true));
      const body = fake.responses.find((response) => response.id === id)?.body as { response_type?: string };
      expect(body.response_type).toBe("ephemeral");
      return JSON.stringify(body);
    };
    const easyDays = await run("settings easy_days:sat,sun");
    expect(easyDays).toMatch(/Easy days \(fewer reviews\)\*[^"]*Sun, Sat/);
    // The workload table of each retention comes with the settings (issue 23 §2).
    expect(easyDays).toMatch(/Workload[\s\S]*Retention[\s\S]*80 %[\s\S]*90 % \(yours\)[\s\S]*95 %/);
    expect(await run("settings easy_days:someday")).toContain(
      "That option isn't valid: easy_days. Expected weekdays such as sat,sun, or none.",
    );
    const [easy] = await database.db.select().from(userSettings);
    expect(easy?.lightWeekdays).toEqual([0, 6]);

    // Two cards missed yesterday are due; a vacation until a date holds them back.
    const store = drizzleReviewStorage(database.db);
    const graceId = await store.members.userIdOf({
      platform: "slack",
      id: grace.userId,
      displayName: "Grace",
    });
    for (const questionId of ["q1", "q2"]) {
      await store.cards.grade({
        userId: graceId,
        questionId,
        grade: AGAIN,
        at: new Date(time.now().getTime() - 86_400_000),
        source: "review",
        platform: "slack",
        workspaceId: "T1",
      });
    }
    const backOn = new Date(time.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(await run(`settings vacation:${backOn}`)).toMatch(
      /Vacation\*[^"]*on until \w{3} \d{1,2} \w{3}: reviews and reminders paused/,
    );
    expect(await run("")).toContain("Your reviews and reminders are paused until");
    expect(await run("settings vacation:someday")).toContain(
      "That option isn't valid: vacation. Expected the day you are back (2026-12-24)",
    );
    const back = await run("settings vacation:off");
    expect(back).toContain("Welcome back: 2 cards waited while you were away, all due today.");
    expect(back).toMatch(/Vacation\*[^"]*off/);
    expect(await run("")).toContain("Review · card 1 of 2");
  });

  it("GIVEN the command's response_url has expired WHEN Ada asks /leaderboard THEN the board comes by chat.postEphemeral to her alone, and its Share button posts it in the channel, naming her", async () => {
    await startBot(testPack([choiceQuestion("q1")]));
    const { fake } = slack;
    fake.responseUrlsExpired = true;
    await postCommand(slack.eventsUrl, slashCommand(ada, "/leaderboard", "all", fake.responseUrl()), signed);
    await eventually(() => expect(fake.callsTo("chat.postEphemeral")).toHaveLength(1));
    const privateBoard = fake.callsTo("chat.postEphemeral")[0] as RecordedCall;
    expect(privateBoard.args).toMatchObject({ channel: channelId, user: ada.userId });
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
    const share = buttonsOf(privateBoard).find(
      (element) => typeof element.text === "object" && element.text.text === "Share in channel",
    );
    expect(share?.action_id).toBeDefined();

    // An ephemeral message has no ts in the channel: the press carries the container's, and a dead response_url.
    const press = blockAction(
      ada,
      { actionId: share?.action_id ?? "missing" },
      { ts: (privateBoard.answer as { message_ts: string }).message_ts, ephemeral: true },
      fake.responseUrl(),
    );
    await postInteraction(slack.eventsUrl, press, signed);
    await eventually(() => expect(fake.callsTo("chat.postMessage")).toHaveLength(1));
    const shared = fake.callsTo("chat.postMessage")[0] as RecordedCall;
    expect(shared.args.channel).toBe(channelId);
    expect(textOf(shared)).toContain("Shared by Ada");
    expect(buttonsOf(shared)).toEqual([]);
    expect(fake.responses).toEqual([]);
  });

  it("GIVEN a text question WHEN members type answers in the channel (one event redelivered) THEN each is acknowledged privately and stored once", async () => {
    const database = await startBot(testPack([textQuestion("t1", ["gather"])]));
    const { fake } = slack;
    await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/quiz", "start questions:1 seconds:5", fake.responseUrl()),
      signed,
    );
    await eventually(() =>
      expect(fake.callsTo("chat.postMessage").some((call) => textOf(call).includes("Prompt of t1"))).toBe(
        true,
      ),
    );
    const question = fake.callsTo("chat.postMessage").find((call) => textOf(call).includes("Prompt of t1"));
    expect(buttonsOf(question as RecordedCall)).toEqual([]);
    expect(textOf(question as RecordedCall)).toContain("Type your answer in the channel");

    time.advance(1000);
    const adaAnswer = eventCallback(channelMessage(ada, "gather"), "Ev-ada");
    expect((await postEvent(slack.eventsUrl, adaAnswer, signed)).status).toBe(200);
    expect((await postEvent(slack.eventsUrl, adaAnswer, { signingSecret, retryNum: 1 })).status).toBe(200);
    await postEvent(slack.eventsUrl, eventCallback(channelMessage(grace, "wait_for")), signed);

    // Message events carry no response_url: the acknowledgements are ephemeral messages in the channel.
    await eventually(() => expect(fake.callsTo("chat.postEphemeral")).toHaveLength(2));
    const acks = fake.callsTo("chat.postEphemeral");
    expect(acks.find((call) => call.args.user === ada.userId)?.args.text).toContain("Correct");
    expect(acks.find((call) => call.args.user === grace.userId)?.args.text).toContain("Not quite");

    const rows = await database.db
      .select({ member: users.displayName, correct: answers.correct })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId));
    expect(rows.sort((a, b) => a.member.localeCompare(b.member))).toEqual([
      { member: "Ada", correct: true },
      { member: "Grace", correct: false },
    ]);
  });
});
