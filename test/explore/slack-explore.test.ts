import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { type Actor, blockAction, slashCommand } from "../fakes/slack/payloads.js";
import { postCommand, postInteraction } from "../fakes/slack/signed-request.js";
import { type SlackUnderTest, signingSecret, startSlackBot } from "../fakes/slack/slack-harness.js";
import { eventually } from "../support/manual-time.js";
import * as cases from "./cases.js";
import { startExploreRunner, testBudgetMs } from "./explore-runner.js";

const channelId = "CSTUDY";
const ada: Actor = { userId: "UADA", userName: "ada", channelId };
const grace: Actor = { userId: "UGRACE", userName: "grace", channelId };

/**
 * The real Bolt app in HTTP mode against the fake Slack, the real bot and the real sandbox: /explore
 * on a two-lock program reports the deadlock (who holds which lock, who waits for which) with a Replay
 * button, and Replay reruns that schedule into the same deadlock.
 */
describe("exploring interleavings on the fake Slack", { timeout: 300_000 }, () => {
  let runner: StartedCodeRunner;
  let slack: SlackUnderTest;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    runner = await startExploreRunner("explore-slack");
    ({ slack, stop } = await startSlackBot(
      [
        { id: ada.userId, name: "ada", displayName: "Ada" },
        { id: grace.userId, name: "grace", displayName: "Grace" },
      ],
      { runner, exploreBudgetMs: testBudgetMs },
    ));
  }, 180_000);
  afterAll(async () => {
    await stop?.();
    await runner?.close();
  });

  /** Everything the bot said: response_url bodies and Web API messages. */
  function said(): string[] {
    const { fake } = slack;
    const calls = ["chat.postMessage", "chat.update", "chat.postEphemeral"].flatMap((method) =>
      fake.callsTo(method).map((call) => JSON.stringify(call.args)),
    );
    return [...fake.responses.map((response) => JSON.stringify(response.body)), ...calls];
  }

  function actionId(prefix: string): string | undefined {
    for (const text of said()) {
      const found = new RegExp(`"action_id":"(${prefix}[^"]*)"`).exec(text)?.[1];
      if (found) return found;
    }
    return undefined;
  }

  it("GIVEN /explore of two locks taken in opposite orders THEN the channel sees the deadlock with who holds and wants which lock, and Replay reaches it again", async () => {
    const code = `\`\`\`python\n${cases.twoLockDeadlock}\`\`\``;
    const response = await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/explore", code, slack.fake.responseUrl()),
      { signingSecret },
    );
    expect(response.status).toBe(200);
    let replay: string | undefined;
    await eventually(() => {
      replay = actionId("run:replay:");
      expect(replay).toBeDefined();
    }, 120_000);
    const report = said().find((text) => text.includes("run:replay:")) ?? "";
    expect(report).toContain("Deadlock:");
    expect(report).toContain("Thread-1 (left) holds fork and waits for knife");
    expect(report).toContain("Thread-2 (right) holds knife and waits for fork");

    const pressed = await postInteraction(
      slack.eventsUrl,
      blockAction(grace, { actionId: replay ?? "" }, { ts: "1700000200.000100" }, slack.fake.responseUrl()),
      { signingSecret },
    );
    expect(pressed.status).toBe(200);
    await eventually(() => {
      expect(
        said().some((text) => text.includes("Replayed the breaking schedule") && text.includes("deadlock")),
      ).toBe(true);
    }, 120_000);
  });
});
