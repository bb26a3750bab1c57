import type { types } from "@slack/bolt";
import { unescapeMarkdown } from "../shared/markdown-escape.js";
import type { Block, Button, RichMessage, Select } from "../shared/rich-message.js";
import { escapeControl, toMrkdwn } from "./mrkdwn.js";

type KnownBlock = types.KnownBlock;
type ButtonElement = types.Button;

/** A message ready for chat.postMessage / chat.update / a response_url. */
export interface SlackMessage {
  /** Notification and screen-reader text; Slack shows it where blocks cannot be drawn. */
  readonly text: string;
  readonly blocks: KnownBlock[];
  /** A long attachment, uploaded with files.uploadV2 next to the message. */
  readonly file?: { readonly filename: string; readonly content: string };
  /** Files uploaded as they are next to the message (a snippet's ./output). */
  readonly uploads?: readonly { readonly name: string; readonly data: Uint8Array }[];
}

// Limits from https://docs.slack.dev/reference/block-kit/blocks: a message holds 50 blocks, a section's
// text 3000 characters, a header 150, a button label and an option label 75. Past them Slack rejects the
// whole message with invalid_blocks, so every limit is enforced here rather than hoped for.
const maxBlocks = 50;
const maxSectionText = 3000;
const maxHeader = 150;
const maxLabel = 75;
/** Attachments up to this size read better inline than as a file to open. */
const inlineAttachmentLimit = 2500;

/**
 * Renders a platform-neutral message as Block Kit.
 * Slack buttons cannot be disabled, so a closed question shows its buttons as a line of text instead;
 * Slack has no green "success" button, so the highlighted one is `primary` with a ✓ in its label.
 */
export function renderBlockKit(message: RichMessage): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (message.title) {
    blocks.push({
      type: "header",
      text: { type: "plain_text", text: clip(unescapeMarkdown(message.title), maxHeader), emoji: true },
    });
  }
  for (const block of message.blocks) blocks.push(...renderBlock(block));
  let file: SlackMessage["file"];
  if (message.attachment) {
    if (message.attachment.content.length <= inlineAttachmentLimit) {
      blocks.push(...renderBlock({ type: "code", language: "", code: message.attachment.content }));
    } else {
      file = message.attachment;
    }
  }
  if (message.select) blocks.push(...renderSelect(message.select));
  for (const row of message.buttons ?? []) blocks.push(...renderButtonRow(row));
  if (message.footer) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clip(toMrkdwn(message.footer), 3000) }],
    });
  }
  return {
    // The top-level text is mrkdwn too (notifications, screen readers), so it is translated like the rest.
    text: clip(toMrkdwn(message.fallback), 3000),
    blocks: fitBlockLimit(blocks),
    ...(file ? { file } : {}),
    ...(message.files?.length ? { uploads: message.files } : {}),
  };
}

function renderBlock(block: Block): KnownBlock[] {
  switch (block.type) {
    case "text":
      return splitText(toMrkdwn(block.markdown), maxSectionText).map(section);
    case "code":
      // Slack's mrkdwn has no language hint for fences; the block still renders monospaced.
      // Slack parses `<...>` even inside fences, so code is escaped like any text (it displays unchanged).
      return splitText(escapeControl(block.code), maxSectionText - 8).map((part) => section(fence(part)));
    case "fields":
      return chunk(block.fields, 10).map((fields) => ({
        type: "section",
        fields: fields.map((field) => ({
          type: "mrkdwn",
          text: clip(`*${toMrkdwn(field.name)}*\n${toMrkdwn(field.value)}`, 2000),
        })),
      }));
    case "table":
      return splitText(
        escapeControl(formatTable(block.columns, block.rows, block.numeric)),
        maxSectionText - 8,
      ).map((part) => section(fence(part)));
  }
}

function renderButtonRow(row: readonly Button[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const active = row.filter((button) => !button.disabled);
  if (active.length > 0) {
    blocks.push({ type: "actions", elements: active.map(renderButton) });
  }
  const disabled = row.filter((button) => button.disabled);
  if (disabled.length > 0) {
    const labels = disabled.map((button) =>
      button.style === "success" ? `*✓ ${escapeControl(button.label)}*` : escapeControl(button.label),
    );
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: labels.join("   ·   ") }] });
  }
  return blocks;
}

function renderButton(button: Button): ButtonElement {
  const label = button.style === "success" ? `✓ ${button.label}` : button.label;
  const element: ButtonElement = {
    type: "button",
    action_id: button.actionId,
    text: { type: "plain_text", text: clip(label, maxLabel), emoji: true },
  };
  if (button.style === "primary" || button.style === "success") element.style = "primary";
  if (button.style === "danger") element.style = "danger";
  return element;
}

/**
 * A multi-select as a section accessory: section is the one block every Slack client has always accepted
 * multi-selects in. A disabled select is left out: the options are already listed as text above it.
 */
function renderSelect(select: Select): KnownBlock[] {
  if (select.disabled) return [];
  return [
    {
      type: "section",
      text: { type: "mrkdwn", text: clip(toMrkdwn(select.placeholder), maxSectionText) },
      accessory: {
        type: "multi_static_select",
        action_id: select.actionId,
        placeholder: { type: "plain_text", text: clip(select.placeholder, 150) },
        max_selected_items: Math.max(1, select.maxValues),
        options: select.options.slice(0, 100).map((option) => ({
          text: { type: "plain_text", text: clip(option.label, maxLabel) },
          value: option.value,
        })),
      },
    },
  ];
}

/** Monospaced columns; numeric columns right-aligned so the figures line up. */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[],
): string {
  const all = [columns, ...rows];
  const widths = columns.map((_, index) => Math.max(...all.map((row) => width(row[index] ?? ""))));
  const line = (row: readonly string[]) =>
    widths
      .map((size, index) => {
        const cell = row[index] ?? "";
        const padding = " ".repeat(Math.max(0, size - width(cell)));
        return numeric.includes(index) ? padding + cell : cell + padding;
      })
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map(line)].join("\n");
}

/** Code points, so an emoji medal counts once rather than as two UTF-16 units. */
function width(text: string): number {
  return [...text].length;
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function fence(escapedCode: string): string {
  // A ``` inside the code would end the block early (as on Discord): a zero-width space keeps it visible.
  return `\`\`\`\n${escapedCode.replaceAll("```", "`\u200b`\u200b`")}\n\`\`\``;
}

/** Splits on line breaks where possible so each piece fits one section. */
export function splitText(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== "") parts.push(current);
    current = line;
    while (current.length > limit) {
      parts.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

/** Keeps the message postable: past 50 blocks, trailing text gives way and interactive blocks survive. */
function fitBlockLimit(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= maxBlocks) return blocks;
  const interactive = (block: KnownBlock) =>
    block.type === "actions" || (block.type === "section" && block.accessory !== undefined);
  let room = maxBlocks - 1 - blocks.filter(interactive).length;
  const kept = blocks.filter((block) => interactive(block) || room-- > 0);
  const firstInteractive = kept.findIndex(interactive);
  kept.splice(
    firstInteractive === -1 ? kept.length : firstInteractive,
    0,
    section("_…shortened to fit Slack's limits._"),
  );
  return kept;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let index = 0; index < items.length; index += size) rows.push(items.slice(index, index + size));
  return rows;
}
