import type { PyModule, PyNode } from "./python-tree.js";

/** Small questions the rules ask of a tree. Every walk is iterative: crafted input never recurses here. */

export function field(node: PyNode, name: string): PyNode | undefined {
  return node.children.find((child) => child.field === name);
}

export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((child) => child.named && child.type !== "comment");
}

/** `node` and everything under it, in source order. */
export function descendants(node: PyNode): PyNode[] {
  const found: PyNode[] = [];
  const stack = [node];
  for (let next = stack.pop(); next; next = stack.pop()) {
    found.push(next);
    for (let index = next.children.length - 1; index >= 0; index--) {
      const child = next.children[index];
      if (child) stack.push(child);
    }
  }
  return found;
}

/** Like `descendants`, but not into nested functions, lambdas and classes (their code runs elsewhere). */
export function ownBody(node: PyNode): PyNode[] {
  const found: PyNode[] = [];
  const stack = [...node.children].reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    found.push(next);
    if (isScope(next)) continue;
    for (let index = next.children.length - 1; index >= 0; index--) {
      const child = next.children[index];
      if (child) stack.push(child);
    }
  }
  return found;
}

export function isScope(node: PyNode): boolean {
  return node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition";
}

export function* ancestors(node: PyNode): Generator<PyNode> {
  for (let up = node.parent; up; up = up.parent) yield up;
}

/** The function (or lambda) whose code this node is part of; undefined at module level. */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  for (const up of ancestors(node)) {
    if (up.type === "function_definition" || up.type === "lambda") return up;
  }
  return undefined;
}

export function isAsyncFunction(node: PyNode | undefined): boolean {
  return node?.type === "function_definition" && node.children.some((child) => child.type === "async");
}

export function isAsyncWith(node: PyNode): boolean {
  return node.type === "with_statement" && node.children.some((child) => child.type === "async");
}

/** Inside a `for` or `while` loop of the same function. */
export function insideLoop(node: PyNode): boolean {
  for (const up of ancestors(node)) {
    if (up.type === "for_statement" || up.type === "while_statement") return true;
    if (isScope(up)) return false;
  }
  return false;
}

export function isAwaited(node: PyNode): boolean {
  let up = node.parent;
  while (up?.type === "parenthesized_expression") up = up.parent;
  return up?.type === "await";
}

/** The call is a statement of its own: its value is thrown away. */
export function isDiscarded(call: PyNode): boolean {
  const parent = call.parent;
  return parent?.type === "expression_statement" && namedChildren(parent).length === 1;
}

/** Under `if __name__ == "__main__":`. */
export function underMainGuard(module: PyModule, node: PyNode): boolean {
  for (const up of ancestors(node)) {
    if (up.type !== "if_statement") continue;
    const condition = field(up, "condition");
    if (condition && /^__name__\s*==\s*["']__main__["']$/.test(textOf(module, condition))) return true;
  }
  return false;
}

export function textOf(module: PyModule, node: PyNode): string {
  return module.source.slice(node.start, node.end);
}

/** A dotted name without spaces (`threading.Thread`), or undefined for anything more complex. */
export function dottedName(module: PyModule, node: PyNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type !== "identifier" && node.type !== "attribute") return undefined;
  const text = textOf(module, node).replace(/\s+/g, "");
  return /^[A-Za-z_][\w.]*$/.test(text) ? text : undefined;
}

/** The values bound in a `with` statement's items: `lock` in `with lock:`, `open(p)` in `with open(p) as f`. */
export function withValues(withStatement: PyNode): PyNode[] {
  const clause = withStatement.children.find((child) => child.type === "with_clause");
  if (!clause) return [];
  return clause.children
    .filter((item) => item.type === "with_item")
    .flatMap((item) => {
      const value = field(item, "value");
      if (!value) return [];
      if (value.type === "as_pattern") return namedChildren(value).slice(0, 1);
      return [value];
    });
}

export function isTrueLiteral(module: PyModule, node: PyNode | undefined): boolean {
  return node !== undefined && /^(True|1)$/.test(textOf(module, node));
}

export function integerValue(module: PyModule, node: PyNode | undefined): number | undefined {
  if (node?.type !== "integer") return undefined;
  const value = Number(textOf(module, node).replaceAll("_", ""));
  return Number.isSafeInteger(value) ? value : undefined;
}
