import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../support/manual-time.js";
import { RoundHarness, revealPauseMs, settle } from "./round-harness.js";

describe("the question life cycle", () => {
  let h: RoundHarness;

  beforeEach(async () => {
    h = await RoundHarness.create();
  });

  afterEach(async () => {
    await h.close();
  });

  it("GIVEN two members answer the first question THEN it stays open for others; from the second, it closes once both answered", async () => {
    await h.platform.command(h.alice(), "quiz", "start", { questions: 3, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.at(1000));
    await h.platform.press(h.bob(), h.correctButton(h.latestQuestion()), undefined, h.at(2000));
    await settle();
    expect(h.reveals()).toHaveLength(0);
    h.time.advance(30_000);
    await eventually(() => expect(h.reveals()).toHaveLength(1));
    h.time.advance(revealPauseMs);
    await eventually(() => expect(h.posted()).toHaveLength(2));
    await h.platform.press(h.bob(), h.correctButton(h.latestQuestion()), undefined, h.time.now());
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.time.now());
    await eventually(() => expect(h.reveals()).toHaveLength(2));
  });

  it("GIVEN a restart after the open question expired THEN the reveal stays up for the pause before the next question", async () => {
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 10 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.at(1000));
    await h.bot.stop();
    h.time.advance(30_000); // down past the question's end
    await h.boot();
    await eventually(() => expect(h.reveals()).toHaveLength(1));
    await settle();
    expect(h.posted()).toHaveLength(0);
    h.time.advance(revealPauseMs - 1);
    await settle();
    expect(h.posted()).toHaveLength(0);
    h.time.advance(1);
    await eventually(() => expect(h.posted()).toHaveLength(1));
  });

  it("GIVEN a restart during the pause after a reveal THEN the next question waits out the rest of the pause", async () => {
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 10 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    h.time.advance(10_000);
    await eventually(() => expect(h.reveals()).toHaveLength(1));
    await h.bot.stop();
    h.time.advance(400);
    await h.boot();
    await settle();
    expect(h.posted()).toHaveLength(0);
    h.time.advance(revealPauseMs - 400);
    await eventually(() => expect(h.posted()).toHaveLength(1));
  });
});
