import type { ModuleFacts } from "../module-facts.js";
import { isAsyncFunction, isDiscarded } from "../tree-queries.js";
import type { OwnRule } from "./rule.js";

/** QB105: `asyncio.run()` (or `loop.run_until_complete()`) called from inside a coroutine. */
export const runInsideLoop: OwnRule = (facts) =>
  facts.calls
    .filter(
      (call) =>
        (call.qualified === "asyncio.run" || call.method === "run_until_complete") &&
        isAsyncFunction(call.function),
    )
    .map((call) => ({ ruleId: "QB105", node: call.node }));

const asyncioCoroutines = new Set([
  "asyncio.sleep",
  "asyncio.wait_for",
  "asyncio.wait",
  "asyncio.open_connection",
  "asyncio.start_server",
  "asyncio.to_thread",
]);

const awaitableMethods: ReadonlyMap<string, readonly string[]> = new Map([
  ["put", ["asyncio.Queue", "asyncio.LifoQueue", "asyncio.PriorityQueue"]],
  ["get", ["asyncio.Queue", "asyncio.LifoQueue", "asyncio.PriorityQueue"]],
  ["join", ["asyncio.Queue", "asyncio.LifoQueue", "asyncio.PriorityQueue"]],
  ["wait", ["asyncio.Event", "asyncio.Condition"]],
  ["acquire", ["asyncio.Lock", "asyncio.Semaphore", "asyncio.BoundedSemaphore"]],
]);

function isCoroutineFunction(facts: ModuleFacts, callee: string): boolean {
  const name = callee.startsWith("self.") ? callee.slice(5) : callee;
  const definitions = facts.functions.get(name) ?? [];
  return definitions.length > 0 && definitions.every(isAsyncFunction);
}

/** QB106: a coroutine function called as a statement of its own, without `await`. */
export const coroutineNeverAwaited: OwnRule = (facts) =>
  facts.calls
    .filter((call) => {
      if (call.awaited || !isDiscarded(call.node) || !call.callee || !call.qualified) return false;
      if (asyncioCoroutines.has(call.qualified)) return true;
      const makers = call.method ? awaitableMethods.get(call.method) : undefined;
      if (makers && facts.isMadeBy(call.receiver, makers)) return true;
      return isCoroutineFunction(facts, call.callee);
    })
    .map((call) => ({ ruleId: "QB106", node: call.node }));

const socketMethods = new Set(["recv", "recv_into", "recvfrom", "accept", "sendall", "send", "connect"]);
const socketMakers = ["socket.socket", "socket.create_connection", "*.accept", "socket.socketpair"];
const blockingSocketFunctions = new Set([
  "socket.create_connection",
  "socket.getaddrinfo",
  "socket.gethostbyname",
]);

/** QB107: a plain (blocking) socket used inside `async def`. */
export const blockingSocketInAsync: OwnRule = (facts) =>
  facts.calls
    .filter((call) => {
      if (call.awaited || !isAsyncFunction(call.function)) return false;
      if (call.qualified && blockingSocketFunctions.has(call.qualified)) return true;
      return (
        call.method !== undefined &&
        socketMethods.has(call.method) &&
        facts.isMadeBy(call.receiver, socketMakers)
      );
    })
    .map((call) => ({ ruleId: "QB107", node: call.node }));
