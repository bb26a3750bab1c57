import { describe, expect, it } from "vitest";
import type { QuestionView } from "../../../src/domain/ports/views/index.js";
import { DiscordPlatform } from "../../../src/platforms/discord/discord-platform.js";
import {
  discordLimits,
  overflowFilename,
  renderMessage,
} from "../../../src/platforms/discord/render-message.js";
import { present } from "../../../src/platforms/shared/present.js";
import type { Button, RichMessage } from "../../../src/platforms/shared/rich-message.js";
import { capturingLogger } from "./harness.js";

const capabilities = new DiscordPlatform({
  token: "unused",
  applicationId: "100000000000000001",
  logger: capturingLogger([]).logger,
}).capabilities;

const question: QuestionView = {
  kind: "question",
  roundId: 1,
  roundQuestionId: 11,
  position: 0,
  total: 3,
  daily: false,
  questionId: "asyncio/gather-order",
  prompt: "What does this print?",
  code: "import asyncio\n\nasync def main():\n    print(await asyncio.gather(f(2), f(1)))\n",
  answerMode: "choice",
  choices: ["A", "B", "C", "D"].map((key) => ({
    key,
    label: { type: "text", text: `option ${key}` },
    actionId: `answer:11:${key}`,
  })),
  seconds: 30,
  closesAt: new Date("2026-01-01T10:00:30Z"),
  answeredCount: 2,
  state: "open",
  mode: "everyone",
};

type RenderedButton = { type: number; custom_id: string; style: number; disabled: boolean; label: string };
function buttonsOf(message: RichMessage): RenderedButton[] {
  return renderMessage(message).components.flatMap((row) => row.components as unknown as RenderedButton[]);
}

describe("renderMessage", () => {
  it("GIVEN an open question THEN every choice is an enabled grey button with its action id, and the code block is intact", () => {
    const rendered = renderMessage(present(question, capabilities));
    const embed = rendered.embeds[0];
    expect(embed?.description).toContain(
      "```python\nimport asyncio\n\nasync def main():\n    print(await asyncio.gather(f(2), f(1)))\n```",
    );
    expect(embed?.footer?.text).toContain("2 answered");
    expect(buttonsOf(present(question, capabilities))).toEqual(
      ["A", "B", "C", "D"].map((key) => ({
        type: 2,
        custom_id: `answer:11:${key}`,
        label: key,
        style: 2,
        disabled: false,
      })),
    );
  });

  it("GIVEN the question closed THEN all buttons are disabled and only the correct one is green (success)", () => {
    const closed: QuestionView = {
      ...question,
      state: "closed",
      reveal: {
        correctKeys: ["C"],
        correctAnswer: { type: "options", options: [{ key: "C", text: "option C" }] },
        explanation: "gather keeps argument order.",
        answeredCount: 3,
        correctCount: 1,
        correctMembers: [{ displayName: "Ada", responseMs: 1200 }],
      },
    };
    const buttons = buttonsOf(present(closed, capabilities));
    expect(buttons.every((button) => button.disabled)).toBe(true);
    expect(buttons.filter((button) => button.style === 3).map((button) => button.label)).toEqual(["C"]);
  });

  it("GIVEN more than five buttons in a row THEN they are split into rows of five and never more than five rows", () => {
    const many: Button[] = Array.from({ length: 32 }, (_, index) => ({
      actionId: `b${index}`,
      label: `${index}`,
      style: "secondary",
    }));
    const rendered = renderMessage({ tone: "info", blocks: [], buttons: [many], fallback: "many" });
    expect(rendered.components.map((row) => row.components.length)).toEqual([5, 5, 5, 5, 5]);
    const withSelect = renderMessage({
      tone: "info",
      blocks: [],
      buttons: [many],
      select: {
        actionId: "pick",
        placeholder: "Pick",
        options: [{ value: "A", label: "A" }],
        minValues: 1,
        maxValues: 4,
      },
      fallback: "many",
    });
    expect(withSelect.components).toHaveLength(discordLimits.rows);
    expect(withSelect.components.at(-1)?.components[0]).toMatchObject({
      type: 3,
      custom_id: "pick",
      max_values: 1,
    });
  });

  it("GIVEN a table block THEN it is a monospaced code block with numeric columns right-aligned", () => {
    const rendered = renderMessage({
      tone: "info",
      blocks: [
        {
          type: "table",
          columns: ["#", "Member", "Points"],
          numeric: [0, 2],
          rows: [
            ["1", "Ada", "1200"],
            ["2", "Grace", "90"],
          ],
        },
      ],
      fallback: "table",
    });
    expect(rendered.embeds[0]?.description).toBe(
      "```\n#  Member  Points\n─  ──────  ──────\n1  Ada       1200\n2  Grace       90\n```",
    );
  });

  it("GIVEN a code block too long for an embed THEN its fences stay balanced and the full text comes as a file", () => {
    const code = Array.from({ length: 600 }, (_, index) => `print(${index})  # line`).join("\n");
    const rendered = renderMessage({
      tone: "info",
      blocks: [
        { type: "text", markdown: "Output:" },
        { type: "code", language: "", code },
      ],
      fallback: "long",
    });
    const description = rendered.embeds[0]?.description ?? "";
    expect(description.length).toBeLessThanOrEqual(discordLimits.description);
    expect(description.match(/```/g)).toHaveLength(2);
    expect(description.endsWith("…\n```")).toBe(true);
    expect(rendered.files.map((file) => file.name)).toEqual([overflowFilename]);
    expect(rendered.files[0]?.data.toString()).toContain("print(599)");
  });

  it("GIVEN code that contains triple backticks THEN they cannot close the block early", () => {
    const rendered = renderMessage({
      tone: "info",
      blocks: [{ type: "code", language: "python", code: 's = "```"' }],
      fallback: "x",
    });
    expect(rendered.embeds[0]?.description?.match(/```/g)).toHaveLength(2);
  });

  it("GIVEN fields, a footer and an attachment THEN they become embed fields, the footer and a file", () => {
    const rendered = renderMessage({
      title: "Stats",
      tone: "success",
      blocks: [
        {
          type: "fields",
          fields: [
            { name: "Reviews", value: "12" },
            { name: "Notes", value: "line one\nline two" },
          ],
        },
      ],
      footer: "since Monday",
      attachment: { filename: "output.txt", content: "hello" },
      fallback: "Stats",
    });
    expect(rendered.embeds[0]).toMatchObject({
      title: "Stats",
      color: 0x57f287,
      footer: { text: "since Monday" },
      fields: [
        { name: "Reviews", value: "12", inline: true },
        { name: "Notes", value: "line one\nline two", inline: false },
      ],
    });
    expect(rendered.files).toEqual([{ name: "output.txt", data: Buffer.from("hello") }]);
  });
});
