import { loadReviewer, reviewCode } from "./review-code.js";

/**
 * The reviewer process's side (started by process-code-reviewer.ts): loads the parsers, then answers
 * `{ id, code }` with `{ id, review }` over the IPC channel. The parent holds the time limit and kills this
 * process when a review outlasts it. WebAssembly memory sits outside V8's heap limit and grows by an
 * instruction no JavaScript hook sees; what bounds it is the input cap (maxReviewChars), the depth cap, the
 * time limit, and this process ending when the reviewer has been idle.
 */
async function serveReviews(): Promise<void> {
  const send = (message: unknown) => process.send?.(message);
  // The bot went away (even by kill -9): nothing is left to review for.
  process.on("disconnect", () => process.exit(0));
  await loadReviewer();
  process.on("message", (message: { id: number; code: string }) => {
    try {
      send({ id: message.id, review: reviewCode(message.code) });
    } catch {
      // A parser that trapped on this input: the snippet is too complex, and this process is replaced.
      send({ id: message.id, review: { status: "too_complex" }, broken: true });
    }
  });
  send({ ready: true });
}

serveReviews().catch((error: unknown) => {
  process.send?.({ failed: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
