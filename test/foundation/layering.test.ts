import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

const forbidden = [
  "discord.js",
  "@slack/bolt",
  "drizzle-orm",
  "postgres",
  "@electric-sql/pglite",
  "node-cron",
  "pino",
];
const forbiddenFolders = ["app", "platforms", "storage", "runner", "packs", "cli"];

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function importsOf(source: string): string[] {
  return [
    ...source.matchAll(/(?:import|export)\s[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1] ?? match[2] ?? "");
}

describe("the layering rule", () => {
  it("GIVEN the domain THEN no file imports a platform SDK, the database, or an outer layer", async () => {
    const domain = path.join(repoRoot, "src/domain");
    const offences: string[] = [];
    for (const file of await sourceFiles(domain)) {
      for (const target of importsOf(await readFile(file, "utf8"))) {
        const resolved = target.startsWith(".") ? path.resolve(path.dirname(file), target) : target;
        const outer = forbiddenFolders.some((folder) =>
          resolved.startsWith(path.join(repoRoot, "src", folder)),
        );
        const sdk = forbidden.some((name) => target === name || target.startsWith(`${name}/`));
        if (outer || sdk) offences.push(`${path.relative(repoRoot, file)} imports ${target}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("GIVEN a domain file that imports discord.js THEN the lint step fails the build", async () => {
    const probe = path.join(repoRoot, "src/domain/layering-probe.ts");
    await writeFile(probe, 'import { Client } from "discord.js";\nexport const probe = Client;\n');
    try {
      const lint = promisify(execFile)(path.join(repoRoot, "node_modules/.bin/biome"), ["lint", probe], {
        cwd: repoRoot,
      });
      await expect(lint).rejects.toMatchObject({ stderr: expect.stringContaining("noRestrictedImports") });
    } finally {
      await rm(probe, { force: true });
    }
  });
});
