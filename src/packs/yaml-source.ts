import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { err, ok, type Result } from "../domain/result.js";
import type { PackProblem } from "./pack-problem.js";

export type YamlPath = readonly (string | number)[];

/**
 * A parsed YAML file that still knows where every node came from, so a problem found in the plain data
 * can be reported at the line and column of the node that caused it.
 */
export interface YamlSource {
  readonly file: string;
  /** The document as plain data (what the schemas validate). */
  readonly data: unknown;
  /** Line and column of the node at `path`; `atKey` points at a mapping key instead of its value. */
  positionOf(path: YamlPath, atKey?: boolean): { line: number; column: number };
}

/** Parses one file; YAML syntax errors (including duplicate keys) come back as problems. */
export function parseYamlSource(file: string, text: string): Result<YamlSource, PackProblem[]> {
  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one line and the position comes from our own line counter.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    return err(
      document.errors.map((error) => ({
        file,
        ...position(error.pos[0]),
        message: `YAML syntax error: ${firstLine(error.message)}`,
      })),
    );
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return err([{ file, line: 1, column: 1, message: `YAML error: ${firstLine(String(error))}` }]);
  }
  return ok({
    file,
    data,
    positionOf: (path, atKey = false) => position(offsetOf(document, path, atKey)),
  });
}

/** The start of the deepest node that exists along `path`, so a missing field points at its parent. */
function offsetOf(document: Document.Parsed, path: YamlPath, atKey: boolean): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const prefix = path.slice(0, depth);
    if (atKey && depth === path.length) {
      const key = keyNode(document, prefix);
      if (key !== undefined) return key;
      continue;
    }
    const node: unknown = depth === 0 ? document.contents : document.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function keyNode(document: Document.Parsed, path: YamlPath): number | undefined {
  const key = path.at(-1);
  const parent: unknown = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
