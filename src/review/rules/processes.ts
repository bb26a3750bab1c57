import { processMakers, processPoolMakers } from "../module-facts.js";
import type { PyNode } from "../python-tree.js";
import { enclosingFunction, field, underMainGuard } from "../tree-queries.js";
import type { OwnRule, RuleHit } from "./rule.js";
import { processTargets } from "./workers.js";

/** QB109: a process or process pool created by top-level code that is not under the main guard. */
export const noMainGuard: OwnRule = (facts) => {
  const makers = facts.callsTo([...processMakers, ...processPoolMakers]);
  const unguarded = (node: PyNode) =>
    enclosingFunction(node) === undefined && !underMainGuard(facts.module, node);
  const hits: RuleHit[] = [];
  for (const call of makers) {
    if (unguarded(call.node)) {
      hits.push({ ruleId: "QB109", node: call.node });
      continue;
    }
    // One level of indirection: `main()` called unguarded, and main() makes the pool.
    const fn = call.function?.type === "function_definition" ? call.function : undefined;
    const name = fn && field(fn, "name");
    if (!name || enclosingFunction(fn) !== undefined) continue;
    const calledUnguarded = facts.calls.some(
      (other) => other.callee === facts.text(name) && unguarded(other.node),
    );
    if (calledUnguarded) hits.push({ ruleId: "QB109", node: call.node });
  }
  return hits;
};

/** QB110: a lambda or a function nested in another function handed to a process. */
export const unpicklableTarget: OwnRule = (facts) =>
  processTargets(facts)
    .filter((target) => {
      if (target.value.type === "lambda") return true;
      if (target.value.type !== "identifier") return false;
      const definitions = facts.functions.get(facts.text(target.value)) ?? [];
      return (
        definitions.length > 0 &&
        definitions.every((definition) => enclosingFunction(definition) !== undefined)
      );
    })
    .map((target) => ({ ruleId: "QB110", node: target.value }));
