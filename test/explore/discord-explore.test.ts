import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import type { FakeDiscord } from "../fakes/discord/fake-discord.js";
import { ada, grace, startDiscordBot } from "../platforms/discord/harness.js";
import { eventually } from "../support/manual-time.js";
import * as cases from "./cases.js";
import { startExploreRunner, testBudgetMs } from "./explore-runner.js";

/**
 * The real discord.js client against the fake Discord, the real bot and the real sandbox: /run on
 * racy code shows "Explore interleavings", pressing it posts the race with its story and a Replay
 * button, and Replay reruns exactly that schedule.
 */
describe("exploring interleavings on the fake Discord", { timeout: 300_000 }, () => {
  let runner: StartedCodeRunner;
  let discord: FakeDiscord;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    runner = await startExploreRunner("explore-discord");
  }, 180_000);
  afterAll(async () => {
    await runner?.close();
  });

  beforeEach(async () => {
    ({ discord, stop } = await startDiscordBot({ runner, exploreBudgetMs: testBudgetMs }));
  }, 180_000);

  afterEach(async () => {
    await stop();
  });

  /** The stored message carrying a button whose custom id starts with `prefix`. */
  function messageWithButton(prefix: string): { id: string; customId: string; text: string } | undefined {
    for (const message of discord.messages.values()) {
      const text = JSON.stringify(message);
      const customId = new RegExp(`"custom_id":"(${prefix}[^"]*)"`).exec(text)?.[1];
      if (customId) return { id: message.id, customId, text };
    }
    return undefined;
  }

  it("GIVEN /run of a check-then-act race WHEN Explore interleavings and then Replay are pressed THEN the race, its story and the exact replay reach the channel", async () => {
    discord.send.command(ada, "run", { code: cases.dictCheckThenAct });
    let run: ReturnType<typeof messageWithButton>;
    await eventually(() => {
      run = messageWithButton("run:explore:");
      expect(run).toBeDefined();
    }, 60_000);
    if (!run) throw new Error("no run message");
    expect(run.text).toContain("Explore interleavings");

    const before = discord.messages.size;
    discord.send.button(grace, run.id, run.customId);
    let explored: ReturnType<typeof messageWithButton>;
    await eventually(() => {
      explored = messageWithButton("run:replay:");
      expect(explored).toBeDefined();
    }, 120_000);
    if (!explored) throw new Error("no exploration message");
    expect(discord.messages.size).toBeGreaterThan(before);
    expect(explored.text).toContain("Race:");
    expect(explored.text).toContain("computed 2 times");
    expect(explored.text).toContain("How it breaks");
    expect(explored.text).toContain("`computed.append(key)`");
    expect(explored.text).toContain("Requested by Grace");

    discord.send.button(ada, explored.id, explored.customId);
    await eventually(() => {
      const replays = [...discord.messages.values()].map((message) => JSON.stringify(message));
      expect(
        replays.some((text) => text.includes("Replay: snippet by") && text.includes("computed 2 times")),
      ).toBe(true);
    }, 120_000);
  });
});
