import { escapedMarkup } from "../shared/markdown-escape.js";

/**
 * Slack's mrkdwn is not Markdown: bold is `*x*`, links are `<url|text>`, and `&`, `<`, `>` must be escaped
 * (https://docs.slack.dev/messaging/formatting-message-text). The shared wording writes CommonMark-style
 * `**bold**` and `[text](url)`, so it is translated here, leaving code spans and fences alone.
 */
export function toMrkdwn(markdown: string): string {
  const code: string[] = [];
  // Code is lifted out first (and brought back last), so that bold around inline code
  // (`**Answer: `x`**`) is still one run of text for the conversion, and nothing inside code is touched.
  const withoutCode = markdown.replace(/```[\s\S]*?```|`[^`\n]+`/g, (piece) => {
    // Slack fences take no language tag: "```python" would show "python" as the first line of code.
    code.push(escapeControl(piece.replace(/^```[\w+-]+\n/, "```\n")));
    return `\uE001${code.length - 1}\uE001`;
  });
  return prose(withoutCode).replace(/\uE001(\d+)\uE001/g, (_, index: string) => code[Number(index)] ?? "");
}

function prose(text: string): string {
  const escaped: string[] = [];
  // A name's escaped markup (markdown-escape.ts) is lifted out before anything reads markup, and comes back
  // as characters mrkdwn leaves alone: Slack has no escapes.
  const withoutEscapes = text.replace(escapedMarkup, (_, char: string, offset: number) => {
    escaped.push(inertInSlack(char, text[offset - 1], text[offset + 2]));
    return `\uE002${escaped.length - 1}\uE002`;
  });
  const links: string[] = [];
  // Links are lifted out first so that their angle brackets survive the escaping below.
  const withoutLinks = withoutEscapes.replace(
    /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g,
    (_, label: string, url: string) => {
      links.push(`<${escapeControl(url)}|${escapeControl(label)}>`);
      return `\uE000${links.length - 1}\uE000`;
    },
  );
  return escapeControl(withoutLinks)
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/__([^_\n]+)__/g, "*$1*")
    .replace(/~~([^~\n]+)~~/g, "~$1~")
    .replace(/^#{1,6}\s+(.+)$/gm, "*$1*")
    .replace(/\uE000(\d+)\uE000/g, (_, index: string) => links[Number(index)] ?? "")
    .replace(/\uE002(\d+)\uE002/g, (_, index: string) => escaped[Number(index)] ?? "");
}

/**
 * An escaped character as Slack should show it. `*` and `~` would pair into bold or strikethrough, so they
 * show as the look-alikes ∗ and ∼; `_` too (as ˍ), unless it sits inside a word (snake_case), where Slack
 * never formats it. `<`, `>` are escaped as everywhere in mrkdwn; the rest is plain there.
 */
function inertInSlack(char: string, before: string | undefined, after: string | undefined): string {
  const inWord = (neighbour: string | undefined) =>
    neighbour !== undefined && /[\p{L}\p{N}]/u.test(neighbour);
  if (char === "*") return "\u2217";
  if (char === "~") return "\u223c";
  if (char === "_") return inWord(before) && inWord(after) ? "_" : "\u02cd";
  return escapeControl(char);
}

export function escapeControl(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
