import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../../src/storage/leaderboards/recount.js";
import { FakeSlack, type RecordedCall } from "../../fakes/slack/fake-slack.js";
import { type Actor, blockAction, slashCommand } from "../../fakes/slack/payloads.js";
import { postCommand, postInteraction } from "../../fakes/slack/signed-request.js";
import { appToken, botToken, signingSecret } from "../../fakes/slack/slack-harness.js";
import { BotProcess, writeChoicePack } from "../../support/bot-process.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { freePort } from "../../support/free-port.js";
import { eventually } from "../../support/manual-time.js";

const channelId = "CSTUDY";
const members: Actor[] = ["ada", "grace", "linus"].map((name) => ({
  userId: `U${name.toUpperCase()}`,
  userName: name,
  channelId,
}));
const [ada, grace, linus] = members as [Actor, Actor, Actor];

type Element = { action_id?: string; text?: { text: string } | string };
type SlackBlock = { type: string; elements?: Element[] };
const buttonsOf = (call: RecordedCall) =>
  ((call.args.blocks ?? []) as SlackBlock[])
    .filter((block) => block.type === "actions")
    .flatMap((block) => block.elements ?? []);

/**
 * Two real `quizbot start` processes on one PostgreSQL database and one fake Slack, in one connection
 * mode. The channel's members are the three who answer, so the question closes once all have.
 */
function twoSlackProcesses(connection: (index: number) => Promise<NodeJS.ProcessEnv>) {
  const setup = {
    root: "",
    database: undefined as TestDatabase | undefined,
    fake: undefined as FakeSlack | undefined,
    processes: [] as BotProcess[],
  };
  beforeAll(async () => {
    setup.root = await mkdtemp(path.join(tmpdir(), "quizbot-slack-"));
    const packs = await writeChoicePack(setup.root, 2);
    setup.database = await createTestDatabase("postgres");
    const fake = await FakeSlack.start();
    setup.fake = fake;
    for (const member of members) fake.addUser({ id: member.userId, name: member.userName });
    fake.channelMembers.set(
      channelId,
      members.map((member) => member.userId),
    );
    const base = {
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: setup.database.url,
      DATABASE_POOL_SIZE: "4",
      QUIZ_PACKS_DIR: packs,
      RUNNER_BACKEND: "off",
      PICTURES_ENABLED: "false",
      LOG_FORMAT: "json",
      // Every step of start-up, so a failure's message shows where a process was.
      LOG_LEVEL: "debug",
    };
    for (const index of [0, 1]) {
      setup.processes.push(
        BotProcess.start(["--platform", "slack"], { ...base, ...(await connection(index)) }),
      );
    }
    await Promise.all(
      setup.processes.map((bot) =>
        bot.waitForOutput(/listening for Slack requests|connected to Slack over Socket Mode/, {
          timeoutMs: 240_000,
        }),
      ),
    );
  }, 330_000);

  afterAll(async () => {
    for (const bot of setup.processes) {
      bot.kill("SIGCONT");
      bot.kill("SIGTERM");
    }
    await Promise.all(setup.processes.map((bot) => bot.exited));
    await setup.fake?.stop();
    await setup.database?.close();
    await rm(setup.root, { recursive: true, force: true });
  }, 60_000);
  return setup;
}

/** The question message's ts and the action id of its B button, once the round has posted it. */
async function questionOf(fake: FakeSlack): Promise<{ ts: string; actionB: string }> {
  const question = () => fake.callsTo("chat.postMessage").find((call) => buttonsOf(call).length > 0);
  await eventually(() => expect(question()).toBeDefined(), 90_000);
  const call = question() as RecordedCall;
  return { ts: (call.answer as { ts: string }).ts, actionB: buttonsOf(call)[1]?.action_id ?? "" };
}

/** After the round: one summary posted, and each member's one answer stored once. */
async function expectCountedOnce(fake: FakeSlack, database: TestDatabase | undefined): Promise<void> {
  const summaries = () =>
    fake.callsTo("chat.postMessage").filter((call) => JSON.stringify(call.args).includes("Round over"));
  await eventually(() => expect(summaries().length).toBeGreaterThanOrEqual(1), 90_000);
  const stored = await selectRows<{ member: string; answers: number; correct: number }>(
    database?.db as NonNullable<typeof database>["db"],
    sql`select u.platform_user_id as member, count(*)::int as answers,
          count(*) filter (where a.correct)::int as correct
        from answers a join users u on u.id = a.user_id group by 1 order by 1`,
  );
  expect(stored).toEqual(
    members
      .map((member) => ({ member: member.userId, answers: 1, correct: 1 }))
      .sort((a, b) => a.member.localeCompare(b.member)),
  );
  expect(summaries()).toHaveLength(1);
}

describe.runIf(process.env.TEST_DATABASE_URL)("two Slack processes behind one HTTP endpoint", () => {
  const ports: number[] = [];
  const setup = twoSlackProcesses(async (index) => {
    ports[index] = await freePort();
    return { SLACK_SIGNING_SECRET: signingSecret, SLACK_PORT: String(ports[index]) };
  });
  const url = (index: number) => `http://127.0.0.1:${ports[index]}/slack/events`;
  const signed = { signingSecret };

  it("GIVEN a round started through process A THEN answers through A and B, and a click redelivered to the other process, count once each", async () => {
    const fake = setup.fake as FakeSlack;
    const started = await postCommand(
      url(0),
      slashCommand(ada, "/quiz", "start questions:1 seconds:60", fake.responseUrl()),
      signed,
    );
    expect(started.status).toBe(200);
    const { ts, actionB } = await questionOf(fake);

    // Ada answers through B; Slack's retry of her click (same action_ts) lands on A, which has never seen it.
    const adaClick = blockAction(ada, { actionId: actionB }, { ts }, fake.responseUrl());
    expect((await postInteraction(url(1), adaClick, signed)).status).toBe(200);
    expect((await postInteraction(url(0), adaClick, { signingSecret, retryNum: 1 })).status).toBe(200);
    for (const [index, member] of [grace, linus].entries()) {
      const click = blockAction(member, { actionId: actionB }, { ts }, fake.responseUrl());
      expect((await postInteraction(url(index), click, signed)).status).toBe(200);
    }
    await expectCountedOnce(fake, setup.database);
  }, 360_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)("two Slack processes on two Socket Mode connections", () => {
  const setup = twoSlackProcesses(async () => ({ SLACK_APP_TOKEN: appToken }));

  it("GIVEN one process stalled THEN Slack's retry on the other connection is handled there, the stalled one catching up later counts nothing twice", async () => {
    const fake = setup.fake as FakeSlack;
    await eventually(() => expect(fake.socket.openConnections).toBe(2), 60_000);
    await fake.socket.spread(
      "slash_commands",
      slashCommand(ada, "/quiz", "start questions:1 seconds:60", fake.responseUrl()),
      { first: 0, ackWithinMs: 10_000 },
    );
    const { ts, actionB } = await questionOf(fake);

    // One process stops (SIGSTOP) with its connection open: what Slack sends there goes unacknowledged,
    // so each such envelope is sent again on the other connection.
    const [, stalled] = setup.processes as [BotProcess, BotProcess];
    stalled.kill("SIGSTOP");
    const deliveries = await Promise.all(
      members.map((member, index) =>
        fake.socket.spread(
          "interactive",
          blockAction(member, { actionId: actionB }, { ts }, fake.responseUrl()),
          { first: index % 2, ackWithinMs: 3000 },
        ),
      ),
    );
    expect(deliveries.filter((delivery) => delivery.attempts.length > 1).length).toBeGreaterThanOrEqual(1);
    expect(fake.socket.retries).toBeGreaterThanOrEqual(1);
    stalled.kill("SIGCONT");
    await expectCountedOnce(fake, setup.database);
  }, 360_000);
});
