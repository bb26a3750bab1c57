/**
 * Whether an error means the store is unreachable (connection refused, terminated backend, closed pool)
 * rather than a bug, so the member is told to try again and nothing claims to be recorded.
 */
export function isStorageOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      if (/^(08|57P0)/.test(code)) return true;
      if (
        [
          "CONNECTION_CLOSED",
          "CONNECTION_ENDED",
          "CONNECTION_DESTROYED",
          "CONNECT_TIMEOUT",
          "ECONNREFUSED",
          "ECONNRESET",
          "EPIPE",
        ].includes(code)
      ) {
        return true;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
