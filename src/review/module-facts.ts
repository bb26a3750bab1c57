import type { PyModule, PyNode } from "./python-tree.js";
import { dottedName, enclosingFunction, field, isAwaited, namedChildren, textOf } from "./tree-queries.js";

/** One call in the snippet, with its callee as written and as imported. */
export interface CallFact {
  readonly node: PyNode;
  /** `t.start`, `threading.Thread`; undefined when the callee is not a dotted name. */
  readonly callee: string | undefined;
  /** The callee with import aliases resolved: `Thread` after `from threading import Thread` is `threading.Thread`. */
  readonly qualified: string | undefined;
  /** For a method call `x.m()`: `x` as written. */
  readonly receiver: string | undefined;
  readonly method: string | undefined;
  readonly positional: readonly PyNode[];
  readonly keywords: ReadonlyMap<string, PyNode>;
  readonly function: PyNode | undefined;
  readonly awaited: boolean;
}

/**
 * What the rules share about one snippet: its calls, its imports, what each simple name is bound to, and
 * its functions by name. Names are tracked by spelling, not by scope: a snippet is one short file, and the
 * near-miss cases in the corpus keep this honest.
 */
export class ModuleFacts {
  readonly calls: CallFact[] = [];
  readonly imports = new Map<string, string>();
  /** Name (or dotted target such as `self.lock`) -> the values assigned to it, including `with ... as name`. */
  readonly bindings = new Map<string, PyNode[]>();
  readonly functions = new Map<string, PyNode[]>();
  /** Classes that subclass a thread or process class, by name, with the qualified base. */
  readonly workerClasses = new Map<string, string>();

  constructor(readonly module: PyModule) {
    for (const node of module.nodes) this.#collectImport(node);
    for (const node of module.nodes) this.#collect(node);
  }

  text(node: PyNode): string {
    return textOf(this.module, node);
  }

  /** A dotted name with its first part resolved through the imports. */
  qualify(name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    const [head = "", ...rest] = name.split(".");
    const imported = this.imports.get(head);
    const resolved = imported ? [imported, ...rest].join(".") : name;
    return this.workerClasses.get(resolved) ?? resolved;
  }

  /** The qualified callees of the calls assigned to `name` (`q = queue.Queue()` -> `queue.Queue`). */
  madeBy(name: string | undefined): string[] {
    if (name === undefined) return [];
    return (this.bindings.get(name) ?? []).flatMap((value) => {
      if (value.type !== "call") return [];
      const callee = this.qualify(dottedName(this.module, field(value, "function")));
      return callee ? [callee] : [];
    });
  }

  /** `name` holds an object made by one of `makers` (qualified names; `*.Pool` matches any module's Pool). */
  isMadeBy(name: string | undefined, makers: readonly string[]): boolean {
    return this.madeBy(name).some((made) => matchesAny(made, makers));
  }

  callsTo(makers: readonly string[]): CallFact[] {
    return this.calls.filter((call) => call.qualified !== undefined && matchesAny(call.qualified, makers));
  }

  #collectImport(node: PyNode): void {
    if (node.type === "import_statement") {
      for (const item of namedChildren(node)) {
        if (item.type === "aliased_import") {
          const name = field(item, "name");
          const alias = field(item, "alias");
          if (name && alias) this.imports.set(this.text(alias), this.text(name));
        }
      }
    }
    if (node.type === "import_from_statement") {
      const from = field(node, "module_name");
      if (!from) return;
      const base = this.text(from);
      for (const item of node.children.filter((child) => child.field === "name")) {
        if (item.type === "dotted_name") this.imports.set(this.text(item), `${base}.${this.text(item)}`);
        if (item.type === "aliased_import") {
          const name = field(item, "name");
          const alias = field(item, "alias");
          if (name && alias) this.imports.set(this.text(alias), `${base}.${this.text(name)}`);
        }
      }
    }
  }

  #collect(node: PyNode): void {
    switch (node.type) {
      case "call":
        this.calls.push(this.#callFact(node));
        return;
      case "assignment":
        this.#bindAssignment(node);
        return;
      case "with_statement":
        this.#bindWith(node);
        return;
      case "function_definition": {
        const name = field(node, "name");
        if (name) push(this.functions, this.text(name), node);
        return;
      }
      case "class_definition":
        this.#noteWorkerClass(node);
        return;
      default:
        return;
    }
  }

  #callFact(node: PyNode): CallFact {
    const callee = dottedName(this.module, field(node, "function"));
    const args = field(node, "arguments");
    const positional: PyNode[] = [];
    const keywords = new Map<string, PyNode>();
    for (const argument of args && args.type === "argument_list" ? namedChildren(args) : []) {
      if (argument.type === "keyword_argument") {
        const name = field(argument, "name");
        const value = field(argument, "value");
        if (name && value) keywords.set(this.text(name), value);
      } else positional.push(argument);
    }
    const dot = callee?.lastIndexOf(".") ?? -1;
    const function_ = field(node, "function");
    const attribute = function_?.type === "attribute" ? field(function_, "attribute") : undefined;
    return {
      node,
      callee,
      qualified: this.qualify(callee),
      receiver: callee && dot > 0 ? callee.slice(0, dot) : undefined,
      method: attribute ? this.text(attribute) : undefined,
      positional,
      keywords,
      function: enclosingFunction(node),
      awaited: isAwaited(node),
    };
  }

  #bindAssignment(node: PyNode): void {
    const left = field(node, "left");
    const right = field(node, "right");
    if (!left || !right) return;
    const name = dottedName(this.module, left);
    if (name) {
      push(this.bindings, name, right);
      return;
    }
    // `conn, addr = server.accept()`: the first name holds what the call makes (the socket).
    if (left.type === "pattern_list" || left.type === "tuple_pattern") {
      const first = dottedName(this.module, namedChildren(left)[0]);
      if (first) push(this.bindings, first, right);
    }
  }

  #bindWith(node: PyNode): void {
    const clause = node.children.find((child) => child.type === "with_clause");
    for (const item of clause?.children ?? []) {
      const value = item.type === "with_item" ? field(item, "value") : undefined;
      if (value?.type !== "as_pattern") continue;
      const [made] = namedChildren(value);
      const target = dottedName(this.module, namedChildren(field(value, "alias") ?? value)[0]);
      if (made && target) push(this.bindings, target, made);
    }
  }

  #noteWorkerClass(node: PyNode): void {
    const name = field(node, "name");
    const bases = field(node, "superclasses");
    if (!name || !bases) return;
    for (const base of namedChildren(bases)) {
      const qualified = this.qualify(dottedName(this.module, base));
      if (qualified && matchesAny(qualified, [...threadMakers, ...processMakers])) {
        this.workerClasses.set(this.text(name), qualified);
      }
    }
  }
}

/** `*.Pool` matches `multiprocessing.Pool` and `ctx.Pool`; other names match exactly. */
export function matchesAny(qualified: string, makers: readonly string[]): boolean {
  return makers.some((maker) =>
    maker.startsWith("*.") ? qualified.endsWith(maker.slice(1)) : qualified === maker,
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const threadMakers = ["threading.Thread", "threading.Timer"] as const;
export const processMakers = ["multiprocessing.Process", "*.Process"] as const;
export const processPoolMakers = [
  "multiprocessing.Pool",
  "multiprocessing.pool.Pool",
  "*.Pool",
  "concurrent.futures.ProcessPoolExecutor",
  "*.ProcessPoolExecutor",
] as const;
export const threadPoolMakers = [
  "concurrent.futures.ThreadPoolExecutor",
  "*.ThreadPoolExecutor",
  "multiprocessing.pool.ThreadPool",
  "*.ThreadPool",
] as const;
export const executorMakers = [...processPoolMakers, ...threadPoolMakers] as const;
export const threadLockMakers = [
  "threading.Lock",
  "threading.RLock",
  "threading.Semaphore",
  "threading.BoundedSemaphore",
  "threading.Condition",
] as const;
export const joinableQueueMakers = [
  "queue.Queue",
  "queue.LifoQueue",
  "queue.PriorityQueue",
  "asyncio.Queue",
  "asyncio.LifoQueue",
  "asyncio.PriorityQueue",
  "multiprocessing.JoinableQueue",
  "*.JoinableQueue",
] as const;
export const queueMakers = [
  ...joinableQueueMakers,
  "queue.SimpleQueue",
  "multiprocessing.Queue",
  "multiprocessing.SimpleQueue",
  "*.Queue",
] as const;
