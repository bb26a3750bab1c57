import { describe, expect, it } from "vitest";
import type { RichMessage } from "../../../src/platforms/shared/rich-message.js";
import { formatTable, renderBlockKit } from "../../../src/platforms/slack/block-kit.js";
import { toMrkdwn } from "../../../src/platforms/slack/mrkdwn.js";

const question = (closed: boolean): RichMessage => ({
  title: "Question 1 of 3",
  tone: "info",
  blocks: [
    { type: "text", markdown: "What does this print?" },
    { type: "code", language: "python", code: "print(1 < 2)" },
  ],
  buttons: [
    [
      { actionId: "a:A", label: "A", key: "A", style: closed ? "secondary" : "secondary", disabled: closed },
      { actionId: "a:B", label: "B", key: "B", style: closed ? "success" : "secondary", disabled: closed },
    ],
  ],
  footer: "Press a button · 2 answered",
  fallback: "Question 1 of 3: What does this print?",
});

describe("Block Kit rendering", () => {
  it("GIVEN an open question THEN it has a header, the code fenced, a button per choice and a footer", () => {
    const message = renderBlockKit(question(false));
    expect(message.text).toBe("Question 1 of 3: What does this print?");
    expect(message.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Question 1 of 3", emoji: true },
    });
    expect(message.blocks).toContainEqual({
      type: "section",
      text: { type: "mrkdwn", text: "```\nprint(1 &lt; 2)\n```" },
    });
    const actions = message.blocks.find((block) => block.type === "actions");
    expect(actions).toMatchObject({
      elements: [
        { type: "button", action_id: "a:A", text: { text: "A" } },
        { type: "button", action_id: "a:B", text: { text: "B" } },
      ],
    });
    expect(message.blocks.at(-1)).toMatchObject({
      type: "context",
      elements: [{ text: "Press a button · 2 answered" }],
    });
  });

  it("GIVEN a closed question THEN no buttons remain (Slack cannot disable them) and the right one is marked", () => {
    const message = renderBlockKit(question(true));
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
    const rendered = JSON.stringify(message.blocks);
    expect(rendered).toContain("*✓ B*");
    expect(rendered).not.toContain("a:B");
  });

  it("GIVEN a highlighted (success) button still active THEN it is primary with a check mark", () => {
    const message = renderBlockKit({
      tone: "info",
      blocks: [],
      buttons: [
        [
          { actionId: "go", label: "Good", style: "success" },
          { actionId: "no", label: "Again", style: "danger" },
        ],
      ],
      fallback: "grade",
    });
    expect(message.blocks[0]).toMatchObject({
      type: "actions",
      elements: [
        { action_id: "go", style: "primary", text: { text: "✓ Good" } },
        { action_id: "no", style: "danger", text: { text: "Again" } },
      ],
    });
  });

  it("GIVEN a table THEN it is a monospaced block with numbers right-aligned", () => {
    expect(
      formatTable(
        ["#", "Member", "Points"],
        [
          ["1", "Ada", "120"],
          ["2", "Grace Hopper", "9"],
        ],
        [2],
      ),
    ).toBe(["#  Member        Points", "1  Ada              120", "2  Grace Hopper       9"].join("\n"));
    const message = renderBlockKit({
      tone: "success",
      blocks: [{ type: "table", columns: ["#", "Member"], numeric: [], rows: [["1", "Ada"]] }],
      fallback: "table",
    });
    expect(message.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "```\n#  Member\n1  Ada\n```" },
    });
  });

  it("GIVEN a multi-select THEN it is a multi_static_select; once disabled it disappears", () => {
    const select = {
      actionId: "multi:1",
      placeholder: "Pick every correct option",
      options: [
        { value: "A", label: "A. threads" },
        { value: "B", label: "B. processes" },
      ],
      minValues: 1,
      maxValues: 2,
    };
    const open = renderBlockKit({ tone: "info", blocks: [], select, fallback: "q" });
    expect(open.blocks[0]).toMatchObject({
      type: "section",
      accessory: { type: "multi_static_select", action_id: "multi:1", max_selected_items: 2 },
    });
    expect(
      renderBlockKit({ tone: "info", blocks: [], select: { ...select, disabled: true }, fallback: "q" })
        .blocks,
    ).toEqual([]);
  });

  it("GIVEN text longer than a section holds THEN it is split over sections, never past 50 blocks", () => {
    const long = Array.from({ length: 3000 }, (_, index) => `line ${index}`).join("\n");
    const message = renderBlockKit({
      tone: "info",
      blocks: [{ type: "text", markdown: long }],
      buttons: [[{ actionId: "x", label: "X", style: "primary" }]],
      fallback: "long",
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.blocks.at(-1)).toMatchObject({ type: "actions" });
    for (const block of message.blocks) {
      if (block.type === "section" && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it("GIVEN a long attachment THEN it becomes a file to upload; a short one is shown inline", () => {
    const long = renderBlockKit({
      tone: "info",
      blocks: [],
      attachment: { filename: "out.txt", content: "x".repeat(5000) },
      fallback: "f",
    });
    expect(long.file).toEqual({ filename: "out.txt", content: "x".repeat(5000) });
    const short = renderBlockKit({
      tone: "info",
      blocks: [],
      attachment: { filename: "out.txt", content: "ok" },
      fallback: "f",
    });
    expect(short.file).toBeUndefined();
    expect(short.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "```\nok\n```" } }]);
  });

  it("GIVEN a fallback or a closed button label with < or & THEN they are escaped too", () => {
    const message = renderBlockKit({
      tone: "info",
      blocks: [],
      buttons: [[{ actionId: "a", label: "a < b", style: "success", disabled: true }]],
      fallback: "Is a < b & c?",
    });
    expect(message.text).toBe("Is a &lt; b &amp; c?");
    expect(message.blocks[0]).toMatchObject({ type: "context", elements: [{ text: "*✓ a &lt; b*" }] });
  });

  it("GIVEN CommonMark from the shared wording THEN it becomes Slack mrkdwn with <, > and & escaped", () => {
    expect(toMrkdwn("**Answer: A** & [docs](https://docs.python.org/3/) `a<b`")).toBe(
      "*Answer: A* &amp; <https://docs.python.org/3/|docs> `a&lt;b`",
    );
  });

  it("GIVEN bold around inline code (a reveal) THEN Slack gets one *bold* pair and the code span intact", () => {
    expect(toMrkdwn("**Answer: D. `await asyncio.to_thread(f)`**\nWhy: `a**b` is power.")).toBe(
      "*Answer: D. `await asyncio.to_thread(f)`*\nWhy: `a**b` is power.",
    );
    expect(toMrkdwn("**A** then ```python\nprint('**x**')\n``` and **B `c` d**")).toBe(
      "*A* then ```\nprint('**x**')\n``` and *B `c` d*",
    );
  });
});
