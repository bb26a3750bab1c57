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

/** Errors that mean "the database is unreachable right now", not "the request was wrong". */
export function isConnectionError(error: unknown): boolean {
  const state = sqlState(error);
  if (state?.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03") return true;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (
      code === "CONNECTION_CLOSED" ||
      code === "CONNECTION_ENDED" ||
      code === "CONNECTION_DESTROYED" ||
      code === "CONNECT_TIMEOUT" ||
      code === "ECONNREFUSED" ||
      code === "ECONNRESET"
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
