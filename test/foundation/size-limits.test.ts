import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

/** The house limits (README, Architecture): past them a file or function wants splitting. */
const maxFileLines = 400;
const maxFunctionLines = 80;

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every function, method, arrow function and accessor longer than `limit` lines, with its place. */
function longFunctions(fileName: string, text: string, limit: number): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) {
        const name = node.name && ts.isIdentifier(node.name) ? node.name.text : "(anonymous)";
        found.push(`${fileName}:${start + 1} ${name} has ${lines} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the size limits of src/", () => {
  it(`GIVEN every file in src/ THEN none has more than ${maxFileLines} lines`, async () => {
    const over: string[] = [];
    for (const file of await sourceFiles(path.join(repoRoot, "src"))) {
      const lines = (await readFile(file, "utf8")).split("\n").length;
      if (lines > maxFileLines) over.push(`${path.relative(repoRoot, file)} has ${lines} lines`);
    }
    expect(over).toEqual([]);
  });

  it(`GIVEN every function in src/ THEN none has more than ${maxFunctionLines} lines`, async () => {
    const over: string[] = [];
    for (const file of await sourceFiles(path.join(repoRoot, "src"))) {
      over.push(
        ...longFunctions(path.relative(repoRoot, file), await readFile(file, "utf8"), maxFunctionLines),
      );
    }
    expect(over).toEqual([]);
  });

  it("GIVEN a probe with an 81-line function, a method and an arrow inside THEN the check names each one", () => {
    const body = Array.from({ length: 80 }, (_, index) => `  const v${index} = ${index};`).join("\n");
    const probe = [
      `export function long() {\n${body}\n}`,
      `class C {\n  method() {\n${body}\n  }\n}`,
      `export const arrow = () => {\n${body}\n};`,
      "export function short() {\n  return 1;\n}",
    ].join("\n");
    expect(longFunctions("probe.ts", probe, maxFunctionLines).map((line) => line.split(" ")[1])).toEqual([
      "long",
      "method",
      "(anonymous)",
    ]);
  });
});
