/**
 * What a failed Web API call said: the client throws a platform error carrying Slack's answer, whose
 * `error` is a stable code (https://docs.slack.dev/reference/methods, "Errors" on each method's page).
 */

/** Errors that mean "this member or channel cannot be reached this way", not a bug. */
const unreachable = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "cannot_dm_bot",
  "user_not_found",
  "user_disabled",
  "user_not_visible",
  "messages_tab_disabled",
]);

export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}

export function isUnreachable(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && unreachable.has(code);
}
