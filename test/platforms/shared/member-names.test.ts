import { describe, expect, it } from "vitest";
import type { PlatformCapabilities } from "../../../src/domain/ports/chat-platform.js";
import type { View } from "../../../src/domain/ports/views/index.js";
import { plainStyle, renderText } from "../../../src/platforms/console/render-text.js";
import { renderMessage } from "../../../src/platforms/discord/render-message.js";
import { present } from "../../../src/platforms/shared/present.js";
import { renderBlockKit } from "../../../src/platforms/slack/block-kit.js";
import { fullCapabilities } from "../../support/fake-platform.js";

const started = (startedBy: string): View => ({
  kind: "round_started",
  startedBy,
  questionCount: 3,
  seconds: 30,
  mode: "everyone",
  packTitle: "Python concurrency",
});
const console: PlatformCapabilities = { ...fullCapabilities, buttons: false, messageEdits: false };

const onDiscord = (view: View) => renderMessage(present(view, fullCapabilities)).embeds[0]?.description;
const onSlack = (view: View) => JSON.stringify(renderBlockKit(present(view, fullCapabilities)).blocks);
const onConsole = (view: View) => renderText(present(view, console), plainStyle);

/** A member's name is their own text: it shows as written, and formats or mentions nothing. */
describe("members' names with markup in them", () => {
  it("GIVEN a member called __x__ THEN Discord escapes it, Slack shows look-alikes, the console prints it as is", () => {
    expect(onDiscord(started("__x__"))).toContain("\\_\\_x\\_\\_ started a round");
    expect(onSlack(started("__x__"))).toContain("ˍˍxˍˍ started a round");
    expect(onConsole(started("__x__"))).toContain("__x__ started a round");
  });

  it("GIVEN snake_case_fan THEN Slack keeps the underscores inside the word, where it never formats them", () => {
    expect(onSlack(started("snake_case_fan"))).toContain("snake_case_fan started");
    expect(onDiscord(started("snake_case_fan"))).toContain("snake\\_case\\_fan started");
  });

  it("GIVEN *bold* and ~gone~ THEN Slack gets ∗ and ∼, which never pair into bold or strikethrough", () => {
    expect(onSlack(started("*bold* ~gone~"))).toContain("∗bold∗ ∼gone∼ started");
  });

  it("GIVEN mention-like names THEN no platform gets a mention: Discord escapes the bracket, Slack's is &lt;", () => {
    expect(onDiscord(started("<@123456789012345678>"))).toContain("\\<@123456789012345678\\>");
    expect(onSlack(started("<!channel>"))).toContain("&lt;!channel&gt; started");
    expect(onConsole(started("<!channel>"))).toContain("<!channel> started");
  });

  it("GIVEN a backtick in a name THEN it shows as ˋ everywhere, so no code span opens", () => {
    for (const shown of [onDiscord, onSlack, onConsole].map((render) => render(started("a`b"))))
      expect(shown).toContain("aˋb started");
  });

  it("GIVEN a shared board THEN its footer names the sharer as written on Discord, where footers are plain text", () => {
    const board: View = {
      kind: "leaderboard",
      group: { kind: "channel", name: "C1" },
      defaulted: false,
      period: "all",
      periodKey: "all",
      timeZone: "UTC",
      metric: "points",
      minAnswers: 10,
      top: [],
      sharedBy: "__x__",
    };
    const footer = renderMessage(present(board, fullCapabilities)).embeds[0]?.footer?.text;
    expect(footer).toContain("Shared by __x__");
  });
});
