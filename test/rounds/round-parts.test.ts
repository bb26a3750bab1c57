import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { eventually } from "../support/manual-time.js";
import { RoundHarness, settle } from "./round-harness.js";

describe("the live answer count and the sweep", () => {
  let h: RoundHarness;

  beforeEach(async () => {
    h = await RoundHarness.create();
  });

  afterEach(async () => {
    await h.close();
  });

  it("GIVEN answers arrive THEN the question's message shows the count after about a second, in one edit", async () => {
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    const question = h.latestQuestion();
    await h.platform.press(h.alice(), h.correctButton(question), undefined, h.at(100));
    await settle();
    const counts = () => h.platform.views("question", "edit").filter((view) => !view.reveal);
    expect(counts()).toHaveLength(0);
    h.time.advance(1000);
    await eventually(() => expect(counts()).toHaveLength(1));
    expect(counts()[0]).toMatchObject({ roundQuestionId: question.roundQuestionId, answeredCount: 1 });
  });

  it("GIVEN a round finished by a process that died before its summary THEN the next start posts the summary once", async () => {
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    await h.bot.stop();
    const store = drizzleRoundStorage(h.database.db);
    const round = await store.rounds.findOpenRound(h.platform.place);
    if (!round) throw new Error("no open round");
    expect(await store.lifecycle.finishRound(round.id, "stopped", "stopped by Alice", h.time.now())).toBe(
      true,
    );
    await h.boot();
    await eventually(() => expect(h.platform.views("round_summary")).toHaveLength(1));
    await h.bot.stop();
    await h.boot();
    await settle();
    expect(h.platform.views("round_summary")).toHaveLength(0);
  });
});
