import { createHmac } from "node:crypto";

/**
 * Requests as Slack signs them (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with the signing secret.
 */
export interface SignedRequestOptions {
  readonly signingSecret: string;
  /** Seconds since the epoch; defaults to now. Older than five minutes is refused by Bolt. */
  readonly timestamp?: number;
  /** Slack's `x-slack-retry-num` on a redelivered event. */
  readonly retryNum?: number;
  /** Sign with this secret instead, to send a forged request. */
  readonly signWith?: string;
}

export interface SignedResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignedRequestOptions,
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature(options.signWith ?? options.signingSecret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** A slash command: form-encoded fields. */
export function postCommand(
  url: string,
  fields: Readonly<Record<string, string>>,
  options: SignedRequestOptions,
): Promise<SignedResponse> {
  return postSigned(
    url,
    new URLSearchParams(fields).toString(),
    "application/x-www-form-urlencoded",
    options,
  );
}

/** An interaction (block action, view submission, shortcut): a form field `payload` holding JSON. */
export function postInteraction(
  url: string,
  payload: unknown,
  options: SignedRequestOptions,
): Promise<SignedResponse> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(url, body, "application/x-www-form-urlencoded", options);
}

/** An Events API callback: JSON. */
export function postEvent(
  url: string,
  envelope: unknown,
  options: SignedRequestOptions,
): Promise<SignedResponse> {
  return postSigned(url, JSON.stringify(envelope), "application/json", options);
}
