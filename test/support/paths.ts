import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const testCacheDir = path.join(repoRoot, ".test-cache");

/**
 * Each `vitest run` names its templates after itself (the global setup sets the id, and the workers it
 * starts inherit it), so two runs on one machine, a developer's and CI's, never drop each other's.
 */
function runId(): string {
  return process.env.QUIZBOT_TEST_RUN_ID ?? "local";
}

export function pgliteTemplatePath(): string {
  return path.join(testCacheDir, `pglite-template-${runId()}.tar`);
}

export function postgresTemplateName(): string {
  return `quizbot_test_template_${runId()}`;
}

/**
 * The sources compiled once per run (test/support/child-build.ts), laid out as `npm run build`'s dist/ is,
 * for the `quizbot` child processes tests start.
 */
export function childBuildDir(): string {
  return path.join(testCacheDir, `build-${runId()}`);
}
