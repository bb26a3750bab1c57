import type { FailureCode } from "../domain/ports/failure-code.js";

/** Postgres SQLSTATE of an error from either driver, looking through drizzle's wrapping. */
export function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const uniqueViolation = "23505";

/** postgres.js's own codes for a connection it lost or never made, and Node's socket errors under it. */
const connectionCodes = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
]);

/**
 * The stable failure code of an error from either driver, looking through drizzle's wrapping:
 * `storage_unavailable` for SQLSTATE class 08 (connection exception) and 57P0x (the server is shutting
 * down or crashed), and for postgres.js's and Node's connection codes. Anything else is not a failure the
 * app answers specially.
 */
export function storageFailureCode(error: unknown): FailureCode | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (/^(08|57P0)/.test(code) || connectionCodes.has(code))) {
      return "storage_unavailable";
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
