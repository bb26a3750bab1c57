import { readdir, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { childBuildDir, repoRoot } from "./paths.js";

/**
 * The script a test's `quizbot` child runs: src/cli/main.ts compiled to JavaScript. bin/quizbot.js would
 * register tsx and transpile the sources again in every child (seconds each on a busy machine, and the
 * process tests start dozens of children); the one test that goes through bin/quizbot.js says so.
 */
export function childEntry(): string {
  return path.join(childBuildDir(), "dist", "cli", "main.js");
}

/**
 * Compiles every file of src/ on its own with esbuild (the transpiler tsx uses, so the children run the
 * same JavaScript they ran through tsx), into `<build>/dist/` in the layout of `npm run build`: the worker
 * and child scripts the bot starts (`picture-worker.js`, `review-process.js`) sit beside the files that
 * name them, and `<build>/migrations` links to the repository's, where src/storage/database.ts looks
 * (`../../migrations` from dist/storage/). Packages stay in node_modules, found by walking up as ever.
 * Built beside and renamed into place, so a child never starts from half a build.
 */
export async function buildChildSources(): Promise<void> {
  const target = childBuildDir();
  const partial = `${target}.tmp`;
  await rm(partial, { recursive: true, force: true });
  const sourceDir = path.join(repoRoot, "src");
  const sources = (await readdir(sourceDir, { recursive: true }))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => path.join(sourceDir, file));
  await build({
    entryPoints: sources,
    outdir: path.join(partial, "dist"),
    outbase: sourceDir,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: path.join(repoRoot, "tsconfig.json"),
    logLevel: "error",
  });
  await symlink(path.join(repoRoot, "migrations"), path.join(partial, "migrations"));
  await rm(target, { recursive: true, force: true });
  await rename(partial, target);
}
