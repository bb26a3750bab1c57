import { DiscordAPIError } from "discord.js";

/**
 * A failed Discord request without its secrets. discord.js errors carry the request URL, and interaction
 * URLs hold the interaction token (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}`), which
 * anyone could use to answer in the bot's name for 15 minutes; this copy keeps what helps debugging.
 */
export class DiscordRequestError extends Error {
  override name = "DiscordRequestError";

  constructor(
    message: string,
    readonly code: number | string,
    readonly status: number,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Replaces interaction tokens in a Discord API URL or path with `[token]`. */
export function redactTokens(url: string): string {
  return url
    .replace(/(\/interactions\/\d+\/)[^/?]+/g, "$1[token]")
    .replace(/(\/webhooks\/\d+\/)[^/?]+/g, "$1[token]");
}

/** The same error with tokens removed when it is a Discord API error; anything else unchanged. */
export function redactDiscordError(error: unknown): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  let path = error.url;
  try {
    path = new URL(error.url).pathname;
  } catch {
    // Not a full URL: redact it as it is.
  }
  const redacted = new DiscordRequestError(
    redactTokens(error.message),
    error.code,
    error.status,
    error.method,
    redactTokens(path),
  );
  if (error.stack) redacted.stack = redactTokens(error.stack);
  return redacted;
}
