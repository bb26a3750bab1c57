import { type ModuleFacts, threadLockMakers } from "../module-facts.js";
import type { PyNode } from "../python-tree.js";
import {
  ancestors,
  descendants,
  dottedName,
  enclosingFunction,
  field,
  isAsyncFunction,
  isAsyncWith,
  isDiscarded,
  ownBody,
  withValues,
} from "../tree-queries.js";
import type { OwnRule, RuleHit } from "./rule.js";
import { isLockName } from "./workers.js";

const blockingLocks = [...threadLockMakers, "multiprocessing.Lock", "multiprocessing.RLock"];

/** QB108: a threading lock taken inside `async def` (`with lock:` or an un-awaited `acquire()`). */
export const threadLockInAsync: OwnRule = (facts) => {
  const hits: RuleHit[] = [];
  for (const node of facts.module.nodes) {
    if (node.type !== "with_statement" || isAsyncWith(node) || !isAsyncFunction(enclosingFunction(node)))
      continue;
    if (withValues(node).some((value) => facts.isMadeBy(dottedName(facts.module, value), blockingLocks))) {
      hits.push({ ruleId: "QB108", node });
    }
  }
  for (const call of facts.calls) {
    if (call.method !== "acquire" || call.awaited || !isAsyncFunction(call.function)) continue;
    if (facts.isMadeBy(call.receiver, blockingLocks)) hits.push({ ruleId: "QB108", node: call.node });
  }
  return hits;
};

/** QB111: `x.acquire()` with no `x.release()` in a `finally` of the same function. */
export const acquireWithoutFinally: OwnRule = (facts) =>
  facts.calls
    .filter((call) => {
      if (call.method !== "acquire" || !call.receiver || !takesTheLock(call.node)) return false;
      return !facts.calls.some(
        (other) =>
          other.method === "release" &&
          other.receiver === call.receiver &&
          other.function === call.function &&
          [...ancestors(other.node)].some((up) => up.type === "finally_clause"),
      );
    })
    .map((call) => ({ ruleId: "QB111", node: call.node }));

/**
 * The acquire is there to take the lock: a statement of its own (`lock.acquire()`, `await lock.acquire()`)
 * or an `if` condition. An acquire whose value is printed or stored is a probe, as in the pack's questions.
 */
function takesTheLock(call: PyNode): boolean {
  let node = call;
  while (node.parent && ["await", "not_operator", "parenthesized_expression"].includes(node.parent.type)) {
    node = node.parent;
  }
  if (isDiscarded(node)) return true;
  return node.field === "condition" && node.parent?.type === "if_statement";
}

interface LockPair {
  readonly outer: string;
  readonly inner: string;
  readonly node: PyNode;
  readonly scope: PyNode;
}

function lockNames(facts: ModuleFacts, withStatement: PyNode): string[] {
  return withValues(withStatement)
    .map((value) => dottedName(facts.module, value))
    .filter((name): name is string => name !== undefined && isLockName(facts, name));
}

/** Every (held, then taken) pair of locks in one function: nested `with`s, `with a, b:`, acquire() runs. */
function lockPairs(facts: ModuleFacts, scope: PyNode): LockPair[] {
  const pairs: LockPair[] = [];
  const body = ownBody(scope);
  for (const node of body) {
    if (node.type !== "with_statement") continue;
    const names = lockNames(facts, node);
    for (let index = 1; index < names.length; index++) {
      pairs.push({ outer: names[index - 1] ?? "", inner: names[index] ?? "", node, scope });
    }
    const inner = descendants(field(node, "body") ?? node).filter((other) => other.type === "with_statement");
    for (const nested of inner) {
      for (const taken of lockNames(facts, nested)) {
        for (const held of names) pairs.push({ outer: held, inner: taken, node: nested, scope });
      }
    }
  }
  const acquires = facts.calls.filter(
    (call) => call.method === "acquire" && (call.function ?? facts.module.root) === scope,
  );
  for (let index = 1; index < acquires.length; index++) {
    const held = acquires[index - 1];
    const taken = acquires[index];
    if (held?.receiver && taken?.receiver && held.receiver !== taken.receiver) {
      pairs.push({ outer: held.receiver, inner: taken.receiver, node: taken.node, scope });
    }
  }
  return pairs.filter((pair) => pair.outer !== pair.inner);
}

/** QB112: one function takes A then B, another takes B then A. */
export const lockOrderInversion: OwnRule = (facts) => {
  const functions = facts.module.nodes.filter((node) => node.type === "function_definition");
  const pairs = [facts.module.root, ...functions].flatMap((scope) => lockPairs(facts, scope));
  const hits: RuleHit[] = [];
  const reported = new Set<string>();
  for (const later of pairs) {
    const key = [later.outer, later.inner].sort().join("\u0000");
    if (reported.has(key)) continue;
    const earlier = pairs.find(
      (pair) =>
        pair.outer === later.inner && pair.inner === later.outer && pair.node.start < later.node.start,
    );
    if (earlier) {
      reported.add(key);
      hits.push({ ruleId: "QB112", node: later.node });
    }
  }
  return hits;
};
