import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MessageRef, Place } from "../../src/domain/ports/chat-platform.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/manual-time.js";
import { admin, type BotProcess, startProcess } from "./daily-harness.js";

const at = (time: string) => new Date(`2026-05-04T${time}:00Z`);

describe("a daily post the platform refuses", () => {
  let database: TestDatabase;
  let bot: BotProcess;

  beforeEach(async () => {
    database = await createTestDatabase();
    bot = await startProcess(database, "only", at("08:00"));
  });

  afterEach(async () => {
    await bot.bot.stop();
    await database.close();
  });

  it("GIVEN the platform fails the first post THEN the question is posted once by the sweep a little later", async () => {
    await bot.platform.command(
      admin(bot.platform),
      "quiz",
      "schedule add",
      { when: "daily 09:00" },
      at("08:00"),
    );
    const post = bot.platform.post.bind(bot.platform);
    let failures = 1;
    bot.platform.post = async (place: Place, view: View): Promise<MessageRef> => {
      if (view.kind === "question" && failures > 0) {
        failures -= 1;
        throw new Error("platform outage");
      }
      return post(place, view);
    };
    await bot.tick(at("09:00"));
    expect(bot.platform.views("question", "post")).toHaveLength(0);
    // The engine's sweep (every minute here) finds the unposted question once it is 10 s old.
    await bot.tick(at("09:02"));
    await eventually(() => expect(bot.platform.views("question", "post")).toHaveLength(1));
    await bot.tick(at("09:04"));
    expect(bot.platform.views("question", "post")).toHaveLength(1);
  });
});
