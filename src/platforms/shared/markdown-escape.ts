/**
 * Backslash escapes (CommonMark's, which Discord honours) for text that must show as written inside the
 * shared wording's markdown: a member's name. Every renderer resolves them for its platform: Discord keeps
 * them where it renders markdown, Slack turns them into characters its mrkdwn leaves alone (it has no
 * escapes), the console prints the character itself.
 */
const markup = /[\\*_~|<>[\]#]/g;

/** An escaped character, with the character itself as group 1. */
export const escapedMarkup = /\\([\\*_~|<>[\]#])/g;

export function escapeMarkdown(text: string): string {
  return text.replace(markup, "\\$&");
}

/** The text as written, for places that show text without rendering markdown. */
export function unescapeMarkdown(text: string): string {
  return text.replace(escapedMarkup, "$1");
}
