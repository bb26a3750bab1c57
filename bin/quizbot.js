#!/usr/bin/env node
// Runs the TypeScript sources through tsx when they are here (a checkout, where tsx is a development
// dependency), else the compiled dist/ (the production image ships only dist/). Preferring the sources
// means a stale dist/ in a checkout never shadows the code being worked on.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../src/cli/main.ts", import.meta.url);
let entry = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(fileURLToPath(source))) {
  try {
    const { register } = await import("tsx/esm/api");
    register();
    entry = source;
  } catch {
    // No tsx (production install): use dist/.
  }
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
