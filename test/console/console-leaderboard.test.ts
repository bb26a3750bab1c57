import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leaderboardFeature } from "../../src/app/leaderboards/leaderboard-feature.js";
import { createRouter } from "../../src/app/router.js";
import { ConsolePlatform } from "../../src/platforms/console/console-platform.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { DrizzleLeaderboardStore } from "../../src/storage/leaderboards/drizzle-leaderboard-store.js";
import { AnswerDriver } from "../leaderboards/answer-driver.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/manual-time.js";
import { silentLogger } from "../support/silent-logger.js";

const now = new Date("2026-11-22T12:00:00Z");

/**
 * `/leaderboard` in the terminal: the real console platform and the real leaderboard feature on PGlite.
 * The board is a private note with a numbered Share button; pressing it prints the board for everyone.
 */
describe("the leaderboard in the console", () => {
  let database: TestDatabase;
  let input: PassThrough;
  let printed: string;
  let platform: ConsolePlatform;

  beforeEach(async () => {
    database = await createTestDatabase();
    input = new PassThrough();
    const output = new PassThrough();
    printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    platform = new ConsolePlatform({ input, output, colour: false, userName: "Alice" });
    const feature = leaderboardFeature({
      leaderboards: new DrizzleLeaderboardStore(database.db),
      clock: { now: () => now },
      defaultTimeZone: "UTC",
    });
    await platform.start(createRouter([feature], silentLogger()));
    const driver = await AnswerDriver.create(database.db, [
      leaderboardAnswerHook({ defaultTimeZone: "UTC" }),
    ]);
    const at = new Date(now.getTime() - 3_600_000);
    await driver.answer(
      platform.place,
      { id: "alice", displayName: "Alice" },
      { correct: true, points: 140, at },
    );
    await driver.answer(
      platform.place,
      { id: "bob", displayName: "Bob" },
      { correct: true, points: 120, at },
    );
  });

  afterEach(async () => {
    await platform.stop();
    await database.close();
  });

  async function type(line: string, expected: string | RegExp): Promise<string> {
    const before = printed.length;
    input.write(`${line}\n`);
    await eventually(() => expect(printed.slice(before)).toMatch(expected));
    return printed.slice(before);
  }

  it("GIVEN /leaderboard THEN the board is Bob's private note with [!1] Share in channel, and !1 prints it for everyone, naming him", async () => {
    await type("/as Bob", "you are now Bob");
    const mine = await type("/leaderboard all", /Leaderboard/);
    expect(mine).toContain("(only Bob sees this)");
    expect(mine).toMatch(/Alice[\s\S]*Bob/);
    expect(mine).toContain("[!1] Share in channel");

    const shared = await type("!1", /Shared by Bob/);
    expect(shared).not.toContain("only Bob sees this");
    expect(shared).toMatch(/Leaderboard: this channel, all time[\s\S]*Alice[\s\S]*Bob/);
    expect(shared).not.toContain("Share in channel");
  });
});
