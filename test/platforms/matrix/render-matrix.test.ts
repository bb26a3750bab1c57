import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlatformCapabilities } from "../../../src/domain/ports/chat-platform.js";
import type { View } from "../../../src/domain/ports/views/index.js";
import { plainStyle, renderText } from "../../../src/platforms/console/render-text.js";
import { discordLimits, renderMessage } from "../../../src/platforms/discord/render-message.js";
import { present } from "../../../src/platforms/shared/present.js";
import { renderBlockKit } from "../../../src/platforms/slack/block-kit.js";
import { repoRoot } from "../../support/paths.js";
import { type SampleText, viewSamples } from "./view-samples.js";

/**
 * The render matrix: every view kind (view-samples.ts), filled with generated names, prompts and code,
 * presented and rendered by every platform's renderer, and checked for what a member would trip over:
 * markup left showing, messages a platform refuses (its limits), empty messages, buttons the console
 * cannot press, counts that disagree with their noun.
 */

const capabilities: Readonly<Record<"discord" | "slack" | "console", PlatformCapabilities>> = {
  discord: {
    buttons: true,
    privateReplies: true,
    messageEdits: true,
    forms: true,
    threads: false,
    directMessages: true,
    readsChannelMessages: false,
  },
  slack: {
    buttons: true,
    privateReplies: true,
    messageEdits: true,
    forms: true,
    threads: true,
    directMessages: true,
    readsChannelMessages: true,
  },
  console: {
    buttons: false,
    privateReplies: true,
    messageEdits: false,
    forms: true,
    threads: false,
    directMessages: true,
    readsChannelMessages: true,
  },
};

// Names of things (groups, tags, zones): long, emoji, digits, snake_case.
const nameArb = fc.oneof(
  fc.constantFrom("Ada", "linus", "Zoë", "snake_case_fan", "🔥 Blaze 🔥", "李雷", "x"),
  fc
    .string({ unit: fc.constantFrom("a", "B", "é", "_", " ", "7", "🎉"), minLength: 1, maxLength: 80 })
    .map((s) => s.trim().replace(/_{2,}/g, "_") || "n"),
);
// Members' display names, as a member may pick them: besides the ordinary ones, markup and mentions that
// must show as written rather than format the message or ping anyone (Discord allows 32 characters,
// Slack 80, the console keeps 40).
const memberArb = fc.oneof(
  nameArb,
  fc.constantFrom(
    "__x__",
    "*bold*",
    "`tick`",
    "```",
    "~strike~",
    "~~gone~~",
    "||spoiler||",
    "<@123456789012345678>",
    "<!channel>",
    "<@U12345>",
    "@everyone",
    "[click](https://example.com)",
    "# Heading",
    "> quote",
    "_a_ b_",
    "**",
    "a*b",
  ),
  fc
    .string({
      unit: fc.constantFrom("*", "_", "~", "`", "<", ">", "|", "[", "]", "#", "@", "!", " ", "a", "é", "🎉"),
      minLength: 1,
      maxLength: 40,
    })
    .map((s) => s.trim() || "m"),
);
const promptArb = fc.oneof(
  fc.constantFrom(
    "What does `asyncio.gather(a(), b())` return?",
    "Which call releases the GIL? 🐍",
    "Is `x ** 2` evaluated before `__init__` returns?",
    "A plain prompt",
  ),
  fc
    .string({ unit: fc.constantFrom("a", " ", "`x`", "é", "🎉", "\n", "1"), minLength: 1, maxLength: 3000 })
    .map((s) => s.trim() || "p"),
);
const codeArb = fc.oneof(
  fc.constantFrom(
    "import asyncio\nasync def main():\n    print(2 ** 10)  # `**`\nasyncio.run(main())",
    "s = '```'\nprint(s, __name__, *args, **kwargs)",
    "print('<@here> & <!channel>')",
  ),
  fc.string({
    unit: fc.constantFrom("x", " ", "\n", "*", "_", "`", "<", "é"),
    minLength: 1,
    maxLength: 5000,
  }),
);
const textArb: fc.Arbitrary<SampleText> = fc.record({
  name: nameArb,
  other: nameArb,
  member: memberArb,
  otherMember: memberArb,
  prompt: promptArb,
  code: codeArb,
  output: fc.constantFrom("[2, 4]", "done 🎉", "`tick` ** 3", "a\nb\nc"),
  rows: fc.constantFrom(0, 1, 2, 3, 12),
});

type Problem = string;

/** The parts of a text that are markup: fenced blocks and inline code taken out. */
function outsideCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, " ").replace(/`[^`\n]*`/g, " ");
}

/** A backslash escape (markdown-escape.ts) left for a member to read. */
const leftEscape = /\\[\\*_~|<>[\]#]/;

/** Markup a name could bring that must not reach the rendered prose: mentions, spoilers, strikethrough. */
function leakedMarkup(prose: string): string | undefined {
  return /<[@!#&]|\|\||~~|(?<![\p{L}\p{N}_])__\S/u.exec(prose)?.[0];
}

/** The members' names that carry markup: in prose they must never appear as written. */
function markupNames(text: SampleText): string[] {
  return [text.member, text.otherMember].filter(
    // Short ones could be part of other text ("_a" of check_a_0).
    (name) => /[*_~|<>[\]#`]/.test(name) && /[\p{L}\p{N}]/u.test(name) && name.length >= 4,
  );
}

function discordProblems(view: View, text: SampleText): Problem[] {
  const message = renderMessage(present(view, capabilities.discord, { admins: "admins" }));
  const problems: Problem[] = [];
  const embed = message.embeds[0];
  if (message.embeds.length !== 1 || !embed) return ["not exactly one embed"];
  const description = embed.description ?? "";
  if (!embed.title && description.trim() === "" && !(embed.fields?.length ?? 0)) problems.push("empty embed");
  if (description.length > discordLimits.description)
    problems.push(`description ${description.length} > 4096`);
  if ((embed.title?.length ?? 0) > discordLimits.title) problems.push("title too long");
  if ((embed.footer?.text.length ?? 0) > discordLimits.footer) problems.push("footer too long");
  const total =
    (embed.title?.length ?? 0) +
    description.length +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  if (total > discordLimits.embedTotal) problems.push(`embed total ${total} > 6000`);
  if (message.components.length > discordLimits.rows) problems.push("more than 5 rows");
  const components = message.components.flatMap((row) => row.components);
  if (components.length > 25) problems.push("more than 25 components");
  for (const component of components) {
    if (
      component.type === 2 &&
      "label" in component &&
      (component.label?.length ?? 0) > discordLimits.buttonLabel
    )
      problems.push(`label over 80: ${component.label}`);
    if ("custom_id" in component && component.custom_id.length > 100) problems.push("custom_id over 100");
  }
  if ((description.match(/```/g) ?? []).length % 2 !== 0) problems.push("unbalanced fence");
  // Discord honours backslash escapes: what they protect is no markup.
  const markdown = [description, ...(embed.fields ?? []).map((field) => field.value)];
  for (const part of markdown) {
    const prose = outsideCode(part).replace(/\\[\\*_~|<>[\]#]/g, " ");
    if ((prose.match(/\*\*/g) ?? []).length % 2 !== 0)
      problems.push(`unbalanced ** in ${JSON.stringify(prose.slice(0, 200))}`);
    for (const name of markupNames(text))
      if (prose.includes(name)) problems.push(`name ${name} shown unescaped`);
    const leak = leakedMarkup(prose);
    if (leak) problems.push(`markup ${leak} left in ${JSON.stringify(prose.slice(0, 200))}`);
  }
  // Titles and footers are shown as written: an escape there would show its backslash.
  for (const plain of [embed.title ?? "", embed.footer?.text ?? ""])
    if (leftEscape.test(plain)) problems.push(`escape shown in ${JSON.stringify(plain.slice(0, 200))}`);
  return problems;
}

function slackProblems(view: View, text: SampleText): Problem[] {
  const message = renderBlockKit(
    present(view, capabilities.slack, { helpName: "quizhelp", admins: "admins" }),
  );
  const problems: Problem[] = [];
  if (message.blocks.length === 0) problems.push("no blocks");
  if (message.text.trim() === "") problems.push("empty fallback text");
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks > 50`);
  const mrkdwn: string[] = [message.text];
  for (const block of message.blocks) {
    if (block.type === "header" && block.text.text.length > 150) problems.push("header over 150");
    if (block.type === "header" && leftEscape.test(block.text.text))
      problems.push(`escape shown in the header ${JSON.stringify(block.text.text)}`);
    if (block.type === "section") {
      const text = block.text?.text ?? "";
      if (text.length > 3000) problems.push(`section text ${text.length} > 3000`);
      if (block.text && text.trim() === "") problems.push("empty section");
      mrkdwn.push(text, ...(block.fields ?? []).map((field) => field.text));
    }
    if (block.type === "context")
      for (const element of block.elements) if ("text" in element) mrkdwn.push(element.text);
    if (block.type === "actions") {
      if (block.elements.length > 25) problems.push("more than 25 elements");
      for (const element of block.elements) {
        if (element.type === "button" && element.text.text.length > 75) problems.push("button label over 75");
        if ("action_id" in element && (element.action_id?.length ?? 0) > 255)
          problems.push("action_id over 255");
      }
    }
  }
  for (const part of mrkdwn) {
    if ((part.match(/```/g) ?? []).length % 2 !== 0) problems.push("unbalanced fence");
    const prose = outsideCode(part);
    if (prose.includes("**")) problems.push(`literal ** in ${JSON.stringify(prose.slice(0, 200))}`);
    if (/(?<![\p{L}\p{N}_])__\S/u.test(prose))
      problems.push(`literal __ in ${JSON.stringify(prose.slice(0, 200))}`);
    if (prose.includes("`")) problems.push(`stray backtick in ${JSON.stringify(prose.slice(0, 200))}`);
    // Slack has no escapes: a name's * and ~ show as look-alikes, never as markup, and mentions stay text.
    for (const name of markupNames(text))
      if (/[*~]/.test(name) && prose.includes(name)) problems.push(`name ${name} shown as markup`);
    if (/<[@!#]/.test(prose)) problems.push(`mention in ${JSON.stringify(prose.slice(0, 200))}`);
    if (leftEscape.test(prose)) problems.push(`escape shown in ${JSON.stringify(prose.slice(0, 200))}`);
  }
  return problems;
}

/** The console's renderer with code marked, so what is left is the wording's own text. */
const markedStyle = { ...plainStyle, code: (text: string) => `\u27e6${text}\u27e7` };

function consoleProblems(view: View, sample: SampleText): Problem[] {
  const message = present(view, capabilities.console);
  const text = renderText(message, plainStyle);
  const problems: Problem[] = [];
  if (text.trim() === "") problems.push("nothing printed");
  // Table cells are data (outputs, names), set out as they are: the wording's markup is in the rest.
  const { attachment: _attachment, ...rest } = message;
  const wording = { ...rest, blocks: message.blocks.filter((block) => block.type !== "table") };
  // Members' names are printed as written ("**" is a name there, not bold), so they are taken out too.
  const names = [sample.member, sample.otherMember].sort((a, b) => b.length - a.length);
  const prose = names
    .reduce((printed, name) => printed.replaceAll(name, " "), renderText(wording, markedStyle))
    .replace(/\u27e6[^\u27e7]*\u27e7/g, " ")
    .split("\n")
    .filter((line) => !line.startsWith("  │ "))
    .join("\n");
  if (prose.includes("**")) problems.push(`bold left as ** in ${JSON.stringify(prose.slice(0, 200))}`);
  if (prose.includes("`")) problems.push(`stray backtick in ${JSON.stringify(prose.slice(0, 200))}`);
  if (leftEscape.test(prose)) problems.push(`escape shown in ${JSON.stringify(prose.slice(0, 200))}`);
  // Every button the console shows must be pressable: numbered as [!n] or named by its key in the text.
  const buttons = (message.buttons ?? []).flat();
  buttons
    .filter((button) => !button.key)
    .forEach((button, index) => {
      if (!text.includes(`[!${index + 1}] ${button.label}`))
        problems.push(`button not numbered: ${button.label}`);
    });
  for (const button of buttons.filter((candidate) => candidate.key && !candidate.disabled)) {
    if (!new RegExp(`(^|\\s)${button.key}[.)]`, "m").test(text)) problems.push(`key ${button.key} not shown`);
  }
  return problems;
}

/** Counts whose noun disagrees ("1 questions", "All 1 ..."), in any platform's words. */
function countProblems(view: View, _text: SampleText): Problem[] {
  const text = renderText(present(view, capabilities.console), plainStyle);
  const problems: Problem[] = [];
  const bad =
    /(?<![\d.,])\b1 (different )?(questions|answers|points|members|cards|reviews|minutes|seconds|days|hours|runs|checks|schedules|groups|lines|findings|outputs|more answers)\b/.exec(
      text,
    );
  if (bad) problems.push(`"${bad[0]}"`);
  if (/\bAll 1\b|\ball 1 \w+s\b/.test(text)) problems.push('"All 1"');
  return problems;
}

const kinds = Object.keys(viewSamples) as View["kind"][];

describe("the render matrix: every view kind on every platform", () => {
  it("GIVEN the presenter THEN every view kind it handles has samples here, and no sample kind is unknown to it", async () => {
    const presenter = await readFile(path.join(repoRoot, "src/platforms/shared/present.ts"), "utf8");
    const handled = [...presenter.matchAll(/case "([a-z_]+)":/g)].map((match) => match[1]).sort();
    expect([...kinds].sort()).toEqual(handled);
    for (const kind of kinds) {
      const build = viewSamples[kind] as (text: SampleText) => View[];
      const samples = fc.sample(textArb, { numRuns: 3, seed: 1 }).flatMap((text) => build(text));
      expect(samples.length, kind).toBeGreaterThan(0);
      expect(samples.every((sample) => sample.kind === kind)).toBe(true);
    }
  });

  for (const [platform, check] of [
    ["Discord", discordProblems],
    ["Slack", slackProblems],
    ["the console", consoleProblems],
    ["every count", countProblems],
  ] as const) {
    it(`GIVEN generated names, prompts and code THEN ${platform} renders every view kind within its limits, with balanced markup`, () => {
      fc.assert(
        fc.property(textArb, (text) => {
          const problems = kinds.flatMap((kind) =>
            (viewSamples[kind] as (text: SampleText) => View[])(text).flatMap((view, index) =>
              check(view, text).map((problem) => `${kind}[${index}]: ${problem}`),
            ),
          );
          expect(problems).toEqual([]);
        }),
        { numRuns: 25, seed: 15 },
      );
    });
  }
});
