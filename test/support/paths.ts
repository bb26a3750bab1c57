import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const testCacheDir = path.join(repoRoot, ".test-cache");
export const pgliteTemplatePath = path.join(testCacheDir, "pglite-template.tar");
export const postgresTemplateName = "quizbot_test_template";
