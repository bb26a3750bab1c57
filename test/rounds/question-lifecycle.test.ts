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

  it("GIVEN a new channel whose members the platform lists (Alice and Bob) THEN question 1 closes once both answered, as question 2 does, and the platform is asked once per round", async () => {
    h.platform.presence = { kind: "members", ids: ["alice", "bob"] };
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    // A guest from outside the list (Slack's previews of a public channel) neither closes nor holds it.
    await h.platform.press(h.carol(), h.correctButton(h.latestQuestion()), undefined, h.at(500));
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.at(1000));
    await settle();
    expect(h.reveals()).toHaveLength(0);
    await h.platform.press(h.bob(), h.correctButton(h.latestQuestion()), undefined, h.at(2000));
    await eventually(() => expect(h.reveals()).toHaveLength(1));
    h.time.advance(revealPauseMs);
    await eventually(() => expect(h.posted()).toHaveLength(2));
    for (const member of [h.alice(), h.bob(), h.carol()])
      await h.platform.press(member, h.correctButton(h.latestQuestion()), undefined, h.time.now());
    await eventually(() => expect(h.reveals()).toHaveLength(2));
    expect(h.platform.presenceAsked).toBe(1);
  });

  it("GIVEN a member playing alone in a channel the platform lists as hers THEN question 1 closes on her answer", async () => {
    h.platform.presence = { kind: "members", ids: ["alice"] };
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.at(1000));
    await eventually(() => expect(h.reveals()).toHaveLength(1));
  });

  it("GIVEN the platform knows only that at most two members could answer THEN question 1 closes after any two answers, not one", async () => {
    h.platform.presence = { kind: "at_most", count: 2 };
    await h.platform.command(h.alice(), "quiz", "start", { questions: 1, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    await h.platform.press(h.bob(), h.correctButton(h.latestQuestion()), undefined, h.at(1000));
    await settle();
    expect(h.reveals()).toHaveLength(0);
    await h.platform.press(h.carol(), h.correctButton(h.latestQuestion()), undefined, h.at(2000));
    await eventually(() => expect(h.reveals()).toHaveLength(1));
  });

  it("GIVEN the channel's previous round had Alice, Bob and Carol THEN the next round's first question waits for all three (not a newcomer) and closes once they answered", async () => {
    await h.platform.command(h.alice(), "quiz", "start", { questions: 1, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    for (const member of [h.alice(), h.bob(), h.carol()]) {
      await h.platform.press(member, h.correctButton(h.latestQuestion()), undefined, h.time.now());
    }
    await settle();
    expect(h.reveals()).toHaveLength(0); // a channel that never played: question 1 runs its time
    h.time.advance(30_000);
    await eventually(() => expect(h.platform.views("round_summary")).toHaveLength(1));

    h.time.advance(60_000);
    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 30 }, h.time.now());
    await eventually(() => expect(h.posted()).toHaveLength(2));
    const dave = h.platform.member("dave", { displayName: "Dave" });
    for (const member of [h.alice(), dave, h.bob()]) {
      await h.platform.press(member, h.correctButton(h.latestQuestion()), undefined, h.time.now());
    }
    await settle();
    expect(h.reveals()).toHaveLength(1); // only the first round's: Carol has not answered yet
    await h.platform.press(h.carol(), h.correctButton(h.latestQuestion()), undefined, h.time.now());
    await eventually(() => expect(h.reveals()).toHaveLength(2));
    expect(h.reveals().at(-1)?.reveal?.answeredCount).toBe(4);
  });

  it("GIVEN the previous round's member is absent THEN question 1 runs its time; from question 2, this round's answerers decide", async () => {
    await h.platform.command(h.bob(), "quiz", "start", { questions: 1, seconds: 30 }, h.at(0));
    await eventually(() => expect(h.posted()).toHaveLength(1));
    await h.platform.press(h.bob(), h.correctButton(h.latestQuestion()), undefined, h.time.now());
    h.time.advance(30_000);
    await eventually(() => expect(h.platform.views("round_summary")).toHaveLength(1));

    await h.platform.command(h.alice(), "quiz", "start", { questions: 2, seconds: 30 }, h.time.now());
    await eventually(() => expect(h.posted()).toHaveLength(2));
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.time.now());
    await settle();
    expect(h.reveals()).toHaveLength(1); // Bob, present last time, has not answered
    h.time.advance(30_000);
    await eventually(() => expect(h.reveals()).toHaveLength(2));
    h.time.advance(revealPauseMs);
    await eventually(() => expect(h.posted()).toHaveLength(3));
    await h.platform.press(h.alice(), h.correctButton(h.latestQuestion()), undefined, h.time.now());
    await eventually(() => expect(h.reveals()).toHaveLength(3));
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
