import type { ModuleFacts } from "../module-facts.js";
import type { PyNode } from "../python-tree.js";

/** Where one of the project's own rules fired: the rule and the node the finding points at. */
export interface RuleHit {
  readonly ruleId: string;
  readonly node: PyNode;
}

/** One of the project's own rules: reads the facts of a parsed snippet, returns where it fired. */
export type OwnRule = (facts: ModuleFacts) => RuleHit[];
