import type { ModuleFacts } from "../module-facts.js";
import type { PyNode } from "../python-tree.js";
import { descendants, dottedName, field, namedChildren, ownBody } from "../tree-queries.js";
import type { OwnRule, RuleHit } from "./rule.js";
import { targetFunctions, threadSubclassRuns, threadTargets, underLock } from "./workers.js";

/** The functions that run on threads: thread targets, thread-pool tasks and Thread subclasses' run(). */
export function threadFunctions(facts: ModuleFacts): { readonly fn: PyNode; readonly ownThread: boolean }[] {
  const targets = [...targetFunctions(facts, threadTargets(facts))].map((fn) => ({ fn, ownThread: false }));
  return [...targets, ...threadSubclassRuns(facts).map((fn) => ({ fn, ownThread: true }))];
}

interface Scope {
  /** Names declared `global` or `nonlocal`. */
  readonly shared: Set<string>;
  /** Names bound in the function itself (assigned, loop variables), so private to one call. */
  readonly local: Set<string>;
}

function scopeOf(facts: ModuleFacts, fn: PyNode): Scope {
  const shared = new Set<string>();
  const local = new Set<string>();
  const body = ownBody(fn);
  for (const node of body) {
    if (node.type === "global_statement" || node.type === "nonlocal_statement") {
      for (const name of namedChildren(node)) shared.add(facts.text(name));
    }
  }
  for (const node of body) {
    const left =
      node.type === "assignment" || node.type === "for_statement" ? field(node, "left") : undefined;
    if (node.type === "as_pattern_target") for (const name of descendants(node)) local.add(facts.text(name));
    for (const name of left ? descendants(left) : []) {
      if (
        name.type === "identifier" &&
        name.parent?.type !== "attribute" &&
        name.parent?.type !== "subscript"
      ) {
        const text = facts.text(name);
        if (!shared.has(text)) local.add(text);
      }
    }
  }
  return { shared, local };
}

/** The name a target is rooted at: `counts` for `counts[k]`, `account` for `account.balance`. */
function rootName(facts: ModuleFacts, node: PyNode): string | undefined {
  let base: PyNode | undefined = node;
  while (base && (base.type === "attribute" || base.type === "subscript")) {
    base = field(base, base.type === "attribute" ? "object" : "value");
  }
  return base?.type === "identifier" ? facts.text(base) : undefined;
}

function isSharedTarget(facts: ModuleFacts, target: PyNode, scope: Scope, ownThread: boolean): boolean {
  if (target.type === "identifier") return scope.shared.has(facts.text(target));
  const root = rootName(facts, target);
  if (root === undefined || scope.local.has(root)) return false;
  // A Thread subclass's own attributes belong to that one thread.
  return !(ownThread && root === "self");
}

/** A container the thread did not make itself: a global dict, a parameter, another object's attribute. */
function isSharedContainer(facts: ModuleFacts, node: PyNode, scope: Scope, ownThread: boolean): boolean {
  const root = rootName(facts, node);
  return root !== undefined && !scope.local.has(root) && !(ownThread && root === "self");
}

/** QB102: `counter += 1` (or `counter = counter + 1`) on shared state in a thread, with no lock held. */
export const unlockedSharedUpdate: OwnRule = (facts) => {
  const hits: RuleHit[] = [];
  for (const { fn, ownThread } of threadFunctions(facts)) {
    const scope = scopeOf(facts, fn);
    const body = ownBody(fn);
    for (const node of body) {
      const left = field(node, "left");
      if (!left) continue;
      let racy = false;
      if (node.type === "augmented_assignment") racy = isSharedTarget(facts, left, scope, ownThread);
      if (node.type === "assignment" && left.type === "identifier" && scope.shared.has(facts.text(left))) {
        // A global written from a value the thread read earlier: the read-modify-write split in two.
        const name = facts.text(left);
        racy = body.some(
          (other) =>
            other.type === "identifier" &&
            other.start < node.start &&
            facts.text(other) === name &&
            other.parent?.type !== "global_statement" &&
            other.parent?.type !== "nonlocal_statement",
        );
      }
      if (racy && !underLock(facts, node, fn)) hits.push({ ruleId: "QB102", node });
    }
  }
  return hits;
};

/** QB103: `if key not in shared: shared[key] = ...` in a thread, with no lock held. */
export const checkThenAct: OwnRule = (facts) => {
  const hits: RuleHit[] = [];
  for (const { fn, ownThread } of threadFunctions(facts)) {
    const scope = scopeOf(facts, fn);
    for (const node of ownBody(fn)) {
      if (node.type !== "if_statement") continue;
      const condition = field(node, "condition");
      if (condition?.type !== "comparison_operator") continue;
      const operator = condition.children.find((child) => child.field === "operators");
      if (!operator || facts.text(operator).replace(/\s+/g, " ") !== "not in") continue;
      const container = namedChildren(condition).at(-1);
      const name = container && dottedName(facts.module, container);
      if (!container || !name || !isSharedContainer(facts, container, scope, ownThread)) continue;
      const writes = descendants(field(node, "consequence") ?? node).some((inner) => {
        const left = inner.type === "assignment" ? field(inner, "left") : undefined;
        const value = left?.type === "subscript" ? field(left, "value") : undefined;
        return value !== undefined && dottedName(facts.module, value) === name;
      });
      if (writes && !underLock(facts, node, fn)) hits.push({ ruleId: "QB103", node });
    }
  }
  return hits;
};
