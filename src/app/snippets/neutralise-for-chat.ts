const zeroWidthSpace = "\u200b";

/**
 * Program output made safe to echo into chat: it cannot close or open a code fence (a zero-width
 * space between backticks) nor ping anyone (`@everyone`, `@here`, Discord `<@id>`, `<@&role>`,
 * Slack `<!channel>`, `<@U123>`, `<!subteam^ID>`). The text reads the same to a person.
 */
export function neutraliseForChat(text: string): string {
  return text
    .replace(/``/g, `\`${zeroWidthSpace}\``)
    .replace(/``/g, `\`${zeroWidthSpace}\``)
    .replace(/@(everyone|here|channel)\b/gi, `@${zeroWidthSpace}$1`)
    .replace(/<([@!])/g, `<${zeroWidthSpace}$1`);
}
