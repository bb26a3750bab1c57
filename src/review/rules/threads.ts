import { type ModuleFacts, matchesAny, processMakers, queueMakers, threadMakers } from "../module-facts.js";
import type { PyNode } from "../python-tree.js";
import { dottedName, field, insideLoop, ownBody } from "../tree-queries.js";
import type { OwnRule, RuleHit } from "./rule.js";
import { isDaemonic, processTargets, targetFunctions, threadTargets, type WorkerTarget } from "./workers.js";

const workerMakers = [...threadMakers, ...processMakers];

/** The thing `x.run()` is called on was made by a thread or process class (or is that call itself). */
function isWorkerObject(facts: ModuleFacts, receiver: PyNode | undefined): boolean {
  if (!receiver) return false;
  if (receiver.type === "call") {
    const made = facts.qualify(dottedName(facts.module, field(receiver, "function")));
    return made !== undefined && matchesAny(made, workerMakers);
  }
  return facts.isMadeBy(dottedName(facts.module, receiver), workerMakers);
}

/** QB101: `t.run()` on a Thread or Process. */
export const runInsteadOfStart: OwnRule = (facts) =>
  facts.calls
    .filter((call) => {
      const callee = field(call.node, "function");
      if (callee?.type !== "attribute" || facts.text(field(callee, "attribute") ?? callee) !== "run")
        return false;
      return call.positional.length === 0 && isWorkerObject(facts, field(callee, "object"));
    })
    .map((call) => ({ ruleId: "QB101", node: call.node }));

/** QB104: non-daemon threads started, and no thread is ever joined. */
export const threadsNeverJoined: OwnRule = (facts) => {
  if (facts.callsTo(threadMakers).length === 0 || isDaemonic(facts)) return [];
  const joins = facts.calls.filter(
    (call) =>
      call.method === "join" &&
      !facts.isMadeBy(call.receiver, queueMakers) &&
      (call.positional.length === 0 ||
        call.positional[0]?.type === "integer" ||
        call.positional[0]?.type === "float"),
  );
  if (joins.length > 0) return [];
  const start = facts.calls.find((call) => call.method === "start" && call.positional.length === 0);
  return start ? [{ ruleId: "QB104", node: start.node }] : [];
};

const pureCalls = new Set(
  "range len sum abs min max pow divmod int float round all any sorted enumerate zip list tuple set bool reversed".split(
    " ",
  ),
);
const waitingCalls = ["time.sleep", "requests.*", "urllib.request.urlopen", "open", "input", "socket.*"];

function isPureCall(facts: ModuleFacts, call: PyNode): boolean {
  const name = facts.qualify(dottedName(facts.module, field(call, "function")));
  return name !== undefined && (pureCalls.has(name) || name.startsWith("math."));
}

function loopsWithArithmetic(body: readonly PyNode[]): boolean {
  return body.some(
    (node) => (node.type === "binary_operator" || node.type === "augmented_assignment") && insideLoop(node),
  );
}

function cpuBound(facts: ModuleFacts, fn: PyNode): boolean {
  const body = ownBody(fn);
  if (body.some((node) => node.type === "global_statement" || node.type === "nonlocal_statement"))
    return false;
  if (body.some((node) => node.type === "call" && !isPureCall(facts, node))) return false;
  if (
    body.some((node) => node.type === "augmented_assignment" && field(node, "left")?.type !== "identifier")
  ) {
    return false;
  }
  return loopsWithArithmetic(body);
}

function waits(facts: ModuleFacts, fn: PyNode): boolean {
  const body = ownBody(fn);
  const calls = body.filter((node) => node.type === "call");
  const waiting = calls.some((call) => {
    const name = facts.qualify(dottedName(facts.module, field(call, "function")));
    return name !== undefined && waitingCalls.some((pattern) => matchesPrefix(name, pattern));
  });
  return waiting && !loopsWithArithmetic(body);
}

function matchesPrefix(name: string, pattern: string): boolean {
  return pattern.endsWith(".*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function hitsFor(
  facts: ModuleFacts,
  targets: readonly WorkerTarget[],
  ruleId: string,
  test: (fn: PyNode) => boolean,
): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<PyNode>();
  for (const target of targets) {
    const [fn] = targetFunctions(facts, [target]);
    if (!fn || seen.has(fn) || !test(fn)) continue;
    seen.add(fn);
    hits.push({ ruleId, node: target.value });
  }
  return hits;
}

/** QB118: a pure computation loop handed to threads. */
export const cpuBoundOnThreads: OwnRule = (facts) =>
  hitsFor(facts, threadTargets(facts), "QB118", (fn) => cpuBound(facts, fn));

/** QB119: work that mostly waits (sleep, HTTP, files) handed to processes. */
export const waitingOnProcesses: OwnRule = (facts) =>
  hitsFor(facts, processTargets(facts), "QB119", (fn) => waits(facts, fn));
