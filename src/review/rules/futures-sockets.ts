import { executorMakers } from "../module-facts.js";
import { insideLoop, isDiscarded } from "../tree-queries.js";
import type { OwnRule, RuleHit } from "./rule.js";

const readers = new Set(["result", "exception", "add_done_callback"]);

/** QB116: `executor.submit(...)` whose future is thrown away, or never read anywhere. */
export const futureNeverRead: OwnRule = (facts) => {
  const submits = facts.calls.filter(
    (call) => call.method === "submit" && facts.isMadeBy(call.receiver, executorMakers),
  );
  const read = facts.calls.some(
    (call) =>
      (call.method !== undefined && readers.has(call.method)) ||
      /(^|\.)(as_completed|wait|gather|wrap_future)$/.test(call.qualified ?? ""),
  );
  const hits: RuleHit[] = [];
  for (const submit of submits) {
    if (isDiscarded(submit.node) || !read) hits.push({ ruleId: "QB116", node: submit.node });
  }
  return read ? hits : hits.slice(0, 1);
};

/** QB117: a single `recv(n)` outside any loop, taken as the whole message. */
export const recvAssumedComplete: OwnRule = (facts) =>
  facts.calls
    .filter(
      (call) =>
        call.method === "recv" && call.positional.length >= 1 && !call.awaited && !insideLoop(call.node),
    )
    .map((call) => ({ ruleId: "QB117", node: call.node }));
