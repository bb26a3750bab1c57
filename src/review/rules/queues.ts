import {
  joinableQueueMakers,
  type ModuleFacts,
  processMakers,
  queueMakers,
  threadMakers,
} from "../module-facts.js";
import type { PyNode } from "../python-tree.js";
import {
  ancestors,
  field,
  integerValue,
  isScope,
  isTrueLiteral,
  namedChildren,
  ownBody,
} from "../tree-queries.js";
import type { OwnRule, RuleHit } from "./rule.js";
import { isDaemonic } from "./workers.js";

function isQueueName(facts: ModuleFacts, name: string | undefined): boolean {
  return (
    name !== undefined && (facts.isMadeBy(name, queueMakers) || /(^|[._])(q|\w*queue|\w*_q)$/i.test(name))
  );
}

/** The loop a `break` or `return` belongs to is this one (not a loop nested inside it). */
function leaves(loop: PyNode, exit: PyNode): boolean {
  if (exit.type === "return_statement" || exit.type === "raise_statement") return true;
  for (const up of ancestors(exit)) {
    if (up.type === "for_statement" || up.type === "while_statement") return up === loop;
  }
  return false;
}

/** QB113: `while True:` around a plain blocking `q.get()` with no break, return or raise. */
export const consumerNeverStops: OwnRule = (facts) => {
  if (isDaemonic(facts)) return [];
  const hits: RuleHit[] = [];
  for (const loop of facts.module.nodes) {
    if (loop.type !== "while_statement" || !isTrueLiteral(facts.module, field(loop, "condition"))) continue;
    const body = ownBody(loop);
    const inLoop = new Set(body);
    const blockingGet = facts.calls.find(
      (call) =>
        inLoop.has(call.node) &&
        call.method === "get" &&
        !call.awaited &&
        call.positional.length === 0 &&
        call.keywords.size === 0 &&
        isQueueName(facts, call.receiver),
    );
    if (!blockingGet) continue;
    const exits = body.filter((node) =>
      ["break_statement", "return_statement", "raise_statement"].includes(node.type),
    );
    if (!exits.some((exit) => leaves(loop, exit))) hits.push({ ruleId: "QB113", node: blockingGet.node });
  }
  return hits;
};

const comprehensions = new Set([
  "list_comprehension",
  "generator_expression",
  "set_comprehension",
  "dictionary_comprehension",
]);

/** How many times a loop around `node` runs, when it is `for _ in range(N)` with N known; null: unknown. */
function repeats(facts: ModuleFacts, node: PyNode): number | null {
  let times = 1;
  for (const up of ancestors(node)) {
    if (isScope(up)) break;
    if (up.type === "while_statement") return null;
    // A comprehension's loops are its `for_in_clause` children, beside the element, not above it.
    const loops =
      up.type === "for_statement"
        ? [up]
        : comprehensions.has(up.type)
          ? up.children.filter((c) => c.type === "for_in_clause")
          : [];
    for (const loop of loops) {
      const right = field(loop, "right");
      const count = right && rangeCount(facts, right);
      if (count === undefined) return null;
      times *= count;
    }
  }
  return times;
}

function rangeCount(facts: ModuleFacts, node: PyNode): number | undefined {
  if (node.type !== "call" || facts.text(field(node, "function") ?? node) !== "range") return undefined;
  const args = namedChildren(field(node, "arguments") ?? node);
  if (args.length !== 1) return undefined;
  const [arg] = args;
  if (arg?.type === "integer") return integerValue(facts.module, arg);
  if (arg?.type !== "identifier") return undefined;
  const values = facts.bindings.get(facts.text(arg)) ?? [];
  return values.length === 1 ? integerValue(facts.module, values[0]) : undefined;
}

function isSentinel(facts: ModuleFacts, value: PyNode | undefined): boolean {
  if (!value) return false;
  if (value.type === "none") return true;
  if (value.type !== "identifier") return false;
  const name = facts.text(value);
  const bound = facts.bindings.get(name) ?? [];
  return (
    /^[A-Z_]*(SENTINEL|STOP|DONE|POISON|END|QUIT)[A-Z_]*$/.test(name) ||
    bound.some((b) => facts.text(b) === "object()")
  );
}

/** QB114: N consumers started in a loop, fewer than N sentinels put. */
export const fewerSentinelsThanWorkers: OwnRule = (facts) => {
  const starts = facts.callsTo([...threadMakers, ...processMakers]).map((call) => repeats(facts, call.node));
  if (starts.some((count) => count === null)) return [];
  const workers = starts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  const puts = facts.calls.filter(
    (call) =>
      (call.method === "put" || call.method === "put_nowait") && isSentinel(facts, call.positional[0]),
  );
  const [first] = puts;
  if (!first || workers < 2) return [];
  const counts = puts.map((put) => repeats(facts, put.node));
  if (counts.some((count) => count === null)) return [];
  const sentinels = counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  return sentinels < workers ? [{ ruleId: "QB114", node: first.node }] : [];
};

/** QB115: `q.join()` on a queue whose items are never marked done. */
export const joinWithoutTaskDone: OwnRule = (facts) => {
  if (facts.calls.some((call) => call.method === "task_done")) return [];
  return facts.calls
    .filter((call) => call.method === "join" && facts.isMadeBy(call.receiver, joinableQueueMakers))
    .map((call) => ({ ruleId: "QB115", node: call.node }));
};
