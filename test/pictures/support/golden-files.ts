import path from "node:path";
import { repoRoot } from "../../support/paths.js";

/** Where the golden images live; the README links them as its screenshots of each picture. */
export const goldenDir = path.join(repoRoot, "test", "pictures", "golden");
