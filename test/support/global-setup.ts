import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migratePgliteClient, migratePostgresDatabase } from "../../src/storage/database.js";
import { buildChildSources } from "./child-build.js";
import { withDatabase } from "./database-url.js";
import { childBuildDir, pgliteTemplatePath, postgresTemplateName, testCacheDir } from "./paths.js";
import { checkBubblewrap, skippedSandboxNotice } from "./sandbox-suites.js";

/**
 * Runs once per `vitest run`: migrates one PGlite database and dumps it to a file every worker loads,
 * and, when TEST_DATABASE_URL is set, one Postgres template database that tests copy with
 * `CREATE DATABASE ... TEMPLATE`. A fresh PGlite initdb costs seconds; a clone of the template far less.
 * Also compiles src/ once for the `quizbot` child processes (child-build.ts), again before each rerun in
 * watch mode so children never run stale code.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.QUIZBOT_TEST_RUN_ID = String(process.pid);
  await mkdir(testCacheDir, { recursive: true });
  const built = buildChildSources();
  project.onTestsRerun(() => buildChildSources());
  const template = new PGlite();
  await migratePgliteClient(template);
  const dump = await template.dumpDataDir("none");
  // Write then rename, so a test run starting meanwhile never reads half a template.
  const partial = `${pgliteTemplatePath()}.tmp`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, pgliteTemplatePath());
  await template.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) await preparePostgresTemplate(url);

  await built;
  const sandbox = checkBubblewrap();
  return async () => {
    // Said once, after the results, where it is read: which suites vitest.config.ts left out and why.
    if (!sandbox.ok) process.stdout.write(`\n${skippedSandboxNotice(sandbox.reason)}\n\n`);
    await rm(pgliteTemplatePath(), { force: true });
    await rm(childBuildDir(), { recursive: true, force: true });
    if (url) await dropPostgresTemplate(url);
  };
}

async function preparePostgresTemplate(url: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${postgresTemplateName()} with (force)`);
    await admin.unsafe(`create database ${postgresTemplateName()}`);
  } finally {
    await admin.end();
  }
  await migratePostgresDatabase(withDatabase(url, postgresTemplateName()));
}

async function dropPostgresTemplate(url: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${postgresTemplateName()} with (force)`);
  } finally {
    await admin.end();
  }
}
