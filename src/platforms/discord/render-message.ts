import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { unescapeMarkdown } from "../shared/markdown-escape.js";
import type { PictureFile } from "../shared/picture-attachment.js";
import type { Block, Button, RichMessage, Select, Tone } from "../shared/rich-message.js";
import { renderTable } from "./render-table.js";

/**
 * A message as Discord takes it: one embed, action rows, files. Plain data, so both the interaction
 * responses (discord.js) and the raw REST calls can send it, and tests can assert on it.
 */
export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  readonly files: DiscordFile[];
}

export interface DiscordFile {
  readonly name: string;
  readonly data: Buffer;
  /** The attachment's alt text (Discord's `description`, read by screen readers). */
  readonly description?: string;
}

/**
 * Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits and
 * https://discord.com/developers/docs/components/reference#action-row): a message over them is rejected
 * whole, so the renderer trims rather than lets a long question lose the round.
 */
export const discordLimits = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  selectLabel: 100,
  placeholder: 150,
  attachmentDescription: 1024,
} as const;

const toneColours: Readonly<Record<Tone, number>> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
  neutral: 0x99aab5,
};

const buttonStyles: Readonly<
  Record<
    Button["style"],
    ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger
  >
> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** The name of the file that carries the full text when the embed had to be shortened. */
export const overflowFilename = "message.txt";

/**
 * Renders a platform-neutral message as one Discord embed with buttons and an optional select; a drawn
 * picture is attached with its alt text and shown as the embed's image.
 */
export function renderMessage(message: RichMessage, image?: PictureFile): DiscordMessage {
  const { description, truncated } = renderDescription(message.blocks);
  const fields = renderFields(message.blocks);
  const embed: APIEmbed = { color: toneColours[message.tone] };
  // Footers show text as it is, so a name's escapes (markdown-escape.ts) are resolved there; titles too, where
  // a name's markup could at most style the title (mentions and links do not work in titles).
  if (message.title) embed.title = clip(unescapeMarkdown(message.title), discordLimits.title);
  if (description) embed.description = description;
  if (fields.length > 0) embed.fields = fields;
  if (message.footer) embed.footer = { text: clip(unescapeMarkdown(message.footer), discordLimits.footer) };
  if (image) embed.image = { url: `attachment://${image.filename}` };
  // An embed with nothing in it is rejected; the fallback always says something.
  if (!embed.title && !embed.description && !embed.fields && !embed.image) {
    embed.description = clip(message.fallback || "\u200b", discordLimits.description);
  }
  const files: DiscordFile[] = [];
  if (image) {
    files.push({
      name: image.filename,
      data: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength),
      description: clip(image.altText, discordLimits.attachmentDescription),
    });
  }
  if (message.attachment) {
    files.push({ name: message.attachment.filename, data: Buffer.from(message.attachment.content, "utf8") });
  } else if (truncated) {
    files.push({ name: overflowFilename, data: Buffer.from(plainText(message.blocks), "utf8") });
  }
  for (const file of message.files ?? []) {
    files.push({
      name: file.name,
      data: Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength),
    });
  }
  return { embeds: [fitEmbed(embed)], components: renderComponents(message), files };
}

function renderDescription(blocks: readonly Block[]): { description: string; truncated: boolean } {
  const parts: string[] = [];
  let used = 0;
  let truncated = false;
  for (const block of blocks) {
    if (block.type === "fields") continue;
    const separator = parts.length > 0 ? 2 : 0;
    const room = discordLimits.description - used - separator;
    const rendered = renderBlock(block, room);
    if (rendered.truncated) truncated = true;
    if (rendered.text === "") {
      truncated = truncated || room <= 0;
      if (room <= 0) break;
      continue;
    }
    parts.push(rendered.text);
    used += separator + rendered.text.length;
  }
  return { description: parts.join("\n\n"), truncated };
}

function renderBlock(
  block: Exclude<Block, { type: "fields" }>,
  room: number,
): { text: string; truncated: boolean } {
  if (block.type === "text") {
    if (block.markdown.length <= room) return { text: block.markdown, truncated: false };
    return { text: room > 1 ? `${block.markdown.slice(0, room - 1)}…` : "", truncated: true };
  }
  const language = block.type === "code" ? block.language : "";
  const body = block.type === "code" ? block.code : renderTable(block);
  return fence(language, body, room);
}

/**
 * A code block that always closes: when it does not fit, whole lines are dropped from the end and a `…`
 * line says so, so the fences stay balanced and the rest of the embed keeps its formatting.
 */
function fence(language: string, body: string, room: number): { text: string; truncated: boolean } {
  // A ``` inside the code would end the block early; a zero-width space between the backticks keeps it visible.
  const safe = body.replaceAll("```", "`\u200b`\u200b`").replace(/\n+$/, "");
  const open = `\`\`\`${language}\n`;
  const close = "\n```";
  if (open.length + safe.length + close.length <= room)
    return { text: `${open}${safe}${close}`, truncated: false };
  const marker = "\n…";
  const lines = safe.split("\n");
  let kept = "";
  for (const line of lines) {
    const next = kept === "" ? line : `${kept}\n${line}`;
    if (open.length + next.length + marker.length + close.length > room) break;
    kept = next;
  }
  if (kept === "") return { text: "", truncated: true };
  return { text: `${open}${kept}${marker}${close}`, truncated: true };
}

function renderFields(blocks: readonly Block[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const block of blocks) {
    if (block.type !== "fields") continue;
    for (const field of block.fields) {
      const value = clip(field.value || "\u200b", discordLimits.fieldValue);
      // Short single-line values sit side by side (three per row on desktop); longer ones get the full width.
      fields.push({
        name: clip(field.name || "\u200b", discordLimits.fieldName),
        value,
        inline: !value.includes("\n") && value.length <= 40,
      });
    }
  }
  return fields.slice(0, discordLimits.fields);
}

function renderComponents(message: RichMessage): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  const selectRows = message.select ? 1 : 0;
  for (const row of message.buttons ?? []) {
    for (let start = 0; start < row.length; start += discordLimits.buttonsPerRow) {
      if (rows.length + selectRows >= discordLimits.rows) break;
      const chunk = row.slice(start, start + discordLimits.buttonsPerRow).map(renderButton);
      if (chunk.length > 0) rows.push({ type: ComponentType.ActionRow, components: chunk });
    }
  }
  if (message.select && message.select.options.length > 0) {
    rows.push({ type: ComponentType.ActionRow, components: [renderSelect(message.select)] });
  }
  return rows;
}

function renderButton(button: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    custom_id: button.actionId,
    label: clip(button.label || button.key || "\u200b", discordLimits.buttonLabel),
    style: buttonStyles[button.style],
    disabled: button.disabled ?? false,
  };
}

function renderSelect(select: Select): APIStringSelectComponent {
  const options = select.options.slice(0, discordLimits.selectOptions).map((option) => ({
    label: clip(option.label, discordLimits.selectLabel),
    value: option.value,
  }));
  const maxValues = Math.max(1, Math.min(select.maxValues, options.length));
  return {
    type: ComponentType.StringSelect,
    custom_id: select.actionId,
    placeholder: clip(select.placeholder, discordLimits.placeholder),
    options,
    min_values: Math.max(0, Math.min(select.minValues, maxValues)),
    max_values: maxValues,
    disabled: select.disabled ?? false,
  };
}

/** Keeps the whole embed under Discord's 6,000-character total by dropping fields from the end. */
function fitEmbed(embed: APIEmbed): APIEmbed {
  const size = (candidate: APIEmbed) =>
    (candidate.title?.length ?? 0) +
    (candidate.description?.length ?? 0) +
    (candidate.footer?.text.length ?? 0) +
    (candidate.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const fields = [...(embed.fields ?? [])];
  let fitted = embed;
  while (size(fitted) > discordLimits.embedTotal && fields.length > 0) {
    fields.pop();
    fitted = { ...embed, fields: [...fields] };
  }
  return fitted;
}

function plainText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if (block.type === "text") return block.markdown;
      if (block.type === "code") return block.code;
      if (block.type === "table") return renderTable(block);
      return block.fields.map((field) => `${field.name}: ${field.value}`).join("\n");
    })
    .join("\n\n");
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
