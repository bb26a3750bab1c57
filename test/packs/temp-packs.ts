import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

/** A valid pack.yaml for a pack folder named `demo`; broken-pack tests vary only the topic files. */
export const DEMO_PACK_YAML = dedent`
  id: demo
  title: Demo
  description: A pack made up by a test.
  language: en
  version: 1.0.0
  author: tests
  defaults:
    seconds: 30
`;

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/**
 * Writes `files` (paths relative to a fresh temporary folder) and returns that folder; removed after
 * the test. Lets each test show the exact YAML whose line numbers it asserts.
 */
export async function writeTempFiles(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "quizbot-packs-"));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

/** Strips the indentation shared by all lines, so YAML can sit indented inside a test. */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce(
    (all, part, index) => all + part + (index < values.length ? String(values[index]) : ""),
    "",
  );
  const lines = text
    .replace(/^\n/, "")
    .replace(/\n[ ]*$/, "\n")
    .split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const shared = Math.min(...indents);
  return lines.map((line) => line.slice(shared)).join("\n");
}
