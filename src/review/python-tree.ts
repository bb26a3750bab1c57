import { createRequire } from "node:module";
import { Language, Parser, type Tree } from "web-tree-sitter";

/**
 * A Python syntax tree as plain objects, built from tree-sitter-python's concrete tree. The project's own
 * rules read it; Ruff's rules and the syntax check use Ruff's own parser (ruff-check.ts).
 *
 * Plain objects instead of web-tree-sitter's nodes: every property read on those crosses into
 * WebAssembly, and the rules read each node many times.
 */
export interface PyNode {
  readonly type: string;
  /** The field this node fills in its parent (`function`, `left`, `body`...), or null. */
  readonly field: string | null;
  readonly named: boolean;
  /** Offsets in UTF-16 code units, like JavaScript strings. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of the node's start (columns count UTF-16 code units). */
  readonly line: number;
  readonly column: number;
  readonly children: PyNode[];
  readonly parent: PyNode | null;
}

export interface PyModule {
  readonly source: string;
  readonly root: PyNode;
  /** Every node, parents before children, in source order. */
  readonly nodes: readonly PyNode[];
  readonly maxDepth: number;
}

const require = createRequire(import.meta.url);
let parser: Parser | undefined;

/** Loads tree-sitter and the Python grammar once per thread. */
export async function loadPythonParser(): Promise<void> {
  if (parser) return;
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const created = new Parser();
  created.setLanguage(language);
  parser = created;
}

/**
 * Parses `source`; `undefined` when the tree is deeper than `maxDepth` (a snippet built to make a
 * recursive reader overflow: the caller reports it as too complex to review). The walk is iterative.
 */
export function parsePython(source: string, maxDepth: number): PyModule | undefined {
  if (!parser) throw new Error("loadPythonParser() first");
  const tree = parser.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    return convert(tree, source, maxDepth);
  } finally {
    tree.delete();
  }
}

function convert(tree: Tree, source: string, maxDepth: number): PyModule | undefined {
  const cursor = tree.walk();
  const nodes: PyNode[] = [];
  const stack: PyNode[] = [];
  let deepest = 0;
  try {
    for (;;) {
      // The cursor's own getters: `cursor.currentNode` would build a Node object per node.
      const parent = stack.at(-1) ?? null;
      const position = cursor.startPosition;
      const made: PyNode = {
        type: cursor.nodeType,
        field: cursor.currentFieldName,
        named: cursor.nodeIsNamed,
        start: cursor.startIndex,
        end: cursor.endIndex,
        line: position.row + 1,
        column: position.column + 1,
        children: [],
        parent,
      };
      parent?.children.push(made);
      nodes.push(made);
      if (cursor.gotoFirstChild()) {
        stack.push(made);
        deepest = Math.max(deepest, stack.length);
        if (deepest > maxDepth) return undefined;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          const root = nodes[0];
          if (!root) throw new Error("empty tree");
          return { source, root, nodes, maxDepth: deepest };
        }
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
