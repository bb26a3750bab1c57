/**
 * postgres 3.4.9 can throw outside any promise when a connection's socket is closed while a small write is
 * still queued (`Cannot read properties of null (reading 'write')` in its connection.js; upstream issues
 * porsager/postgres#1154 and #1208, fixes not released). patches/postgres+3.4.9.patch, applied at install,
 * guards that write, so the patched driver no longer throws it. This recognises exactly that error and
 * nothing else, for an install that skipped the patch: the query that was writing already failed with a
 * retryable error, so the process can carry on, but without the patch that pool slot then times out on
 * every reconnect for minutes. Remove it once a fixed driver is released.
 */
export function isPostgresSocketRace(error: unknown): boolean {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) return false;
  const { name, message, stack } = error as { name?: unknown; message?: unknown; stack?: unknown };
  return (
    name === "TypeError" &&
    typeof message === "string" &&
    message.includes("Cannot read properties of null (reading 'write')") &&
    typeof stack === "string" &&
    /postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(stack)
  );
}
