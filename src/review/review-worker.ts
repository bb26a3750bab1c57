import type { MessagePort } from "node:worker_threads";
import { loadReviewer, reviewCode } from "./review-code.js";

/**
 * The review worker's side: loads the parsers, then answers `{ id, code }` with `{ id, review }`. The
 * parent (worker-code-reviewer.ts) holds the time limit and V8's resourceLimits. WebAssembly memory sits
 * outside V8's limits and grows by an instruction no JavaScript hook sees; what bounds it is the input
 * cap (maxReviewChars), the depth cap and the time limit.
 */
export async function serveReviews(port: MessagePort): Promise<void> {
  await loadReviewer();
  // The first turns of the event loop after both WebAssembly modules are loaded stall for seconds on a busy
  // machine (measured: 5-15 s at a load of 20 on 2 cores; V8 finishing the modules' compilation, by all
  // signs). Take them here, before the worker counts as ready and a review's time limit starts.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  port.on("message", (message: { id: number; code: string }) => {
    try {
      port.postMessage({ id: message.id, review: reviewCode(message.code) });
    } catch {
      // A parser that trapped on this input: the snippet is too complex, and this worker is replaced.
      port.postMessage({ id: message.id, review: { status: "too_complex" }, broken: true });
    }
  });
  port.postMessage({ ready: true });
}
