/**
 * postgres 3.4.9 can throw outside any promise when a connection's socket is closed while a small write is
 * still queued (`Cannot read properties of null (reading 'write')` in its connection.js; upstream issues
 * porsager/postgres#1154 and #1208, fixes not released). The query that was writing already failed, and
 * its caller got a retryable error, so the process can carry on. This recognises exactly that error and
 * nothing else; remove it once a fixed driver is released.
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
