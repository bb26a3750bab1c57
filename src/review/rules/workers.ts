import {
  type CallFact,
  type ModuleFacts,
  processMakers,
  processPoolMakers,
  threadLockMakers,
  threadMakers,
  threadPoolMakers,
} from "../module-facts.js";
import type { PyNode } from "../python-tree.js";
import { ancestors, dottedName, field, withValues } from "../tree-queries.js";

/** The function values handed to threads (or to processes): `target=f`, `pool.submit(f, ...)`. */
export interface WorkerTarget {
  /** The expression passed as the work (a name, a lambda...). */
  readonly value: PyNode;
  /** The call that hands it over. */
  readonly call: CallFact;
}

const poolMethods = new Set([
  "submit",
  "map",
  "imap",
  "imap_unordered",
  "starmap",
  "apply",
  "apply_async",
  "map_async",
]);

export function threadTargets(facts: ModuleFacts): WorkerTarget[] {
  return targets(facts, threadMakers, threadPoolMakers);
}

export function processTargets(facts: ModuleFacts): WorkerTarget[] {
  return targets(facts, processMakers, processPoolMakers);
}

function targets(facts: ModuleFacts, makers: readonly string[], pools: readonly string[]): WorkerTarget[] {
  const found: WorkerTarget[] = [];
  for (const call of facts.callsTo(makers)) {
    const value = call.keywords.get("target");
    if (value) found.push({ value, call });
  }
  for (const call of facts.calls) {
    if (!call.method || !poolMethods.has(call.method) || !facts.isMadeBy(call.receiver, pools)) continue;
    const [value] = call.positional;
    if (value) found.push({ value, call });
  }
  return found;
}

/** The `def`s the targets name (by simple name), plus the `run` methods of thread subclasses. */
export function targetFunctions(facts: ModuleFacts, list: readonly WorkerTarget[]): Set<PyNode> {
  const functions = new Set<PyNode>();
  for (const target of list) {
    const name = dottedName(facts.module, target.value);
    // `self.work` and `counter.increment` name methods: look them up by their own name.
    const simple = name?.split(".").at(-1);
    for (const definition of simple ? (facts.functions.get(simple) ?? []) : []) functions.add(definition);
  }
  return functions;
}

export function threadSubclassRuns(facts: ModuleFacts): PyNode[] {
  return (facts.functions.get("run") ?? []).filter((run) => {
    const owner = [...ancestors(run)].find((up) => up.type === "class_definition");
    const name = owner && field(owner, "name");
    const base = name && facts.workerClasses.get(facts.text(name));
    return base !== undefined && (threadMakers as readonly string[]).includes(base);
  });
}

/** A name that holds a lock: made by a lock class, or named like one (`lock`, `self.balance_lock`). */
export function isLockName(facts: ModuleFacts, name: string | undefined): boolean {
  if (!name) return false;
  if (
    facts.isMadeBy(name, [...threadLockMakers, "asyncio.Lock", "multiprocessing.Lock", "*.Lock", "*.RLock"])
  ) {
    return true;
  }
  return /(^|[._])(lock|mutex|\w*_lock|lock_\w*)$/i.test(name) || /lock$/i.test(name);
}

/**
 * The node runs while a lock is held: inside `with <lock>:`, or after an `acquire()` of the same function
 * (the acquire/release pairing itself is QB111's business).
 */
export function underLock(facts: ModuleFacts, node: PyNode, scope: PyNode): boolean {
  for (const up of ancestors(node)) {
    if (up === scope) break;
    if (up.type === "with_statement") {
      if (withValues(up).some((value) => isLockName(facts, dottedName(facts.module, value)))) return true;
    }
  }
  return facts.calls.some(
    (call) => call.method === "acquire" && call.node.start < node.start && call.function === scope,
  );
}

/** Some worker in the snippet is a daemon, so the program does not wait for it at exit. */
export function isDaemonic(facts: ModuleFacts): boolean {
  const daemonKeyword = facts.callsTo([...threadMakers, ...processMakers]).some((call) => {
    const daemon = call.keywords.get("daemon");
    return daemon !== undefined && facts.text(daemon) === "True";
  });
  return daemonKeyword || /\.daemon\s*=\s*True|\.setDaemon\(\s*True\s*\)/.test(facts.module.source);
}
