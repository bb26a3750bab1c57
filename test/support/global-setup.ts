import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { migratePgliteClient, migratePostgresDatabase } from "../../src/storage/database.js";
import { withDatabase } from "./database-url.js";
import { pgliteTemplatePath, postgresTemplateName, testCacheDir } from "./paths.js";
import { checkBubblewrap, skippedSandboxNotice } from "./sandbox-suites.js";

/**
 * Runs once per `vitest run`: migrates one PGlite database and dumps it to a file every worker loads,
 * and, when TEST_DATABASE_URL is set, one Postgres template database that tests copy with
 * `CREATE DATABASE ... TEMPLATE`. A fresh PGlite initdb costs seconds; a clone of the template far less.
 */
export default async function setup(): Promise<() => Promise<void>> {
  process.env.QUIZBOT_TEST_RUN_ID = String(process.pid);
  await mkdir(testCacheDir, { recursive: true });
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

  const sandbox = checkBubblewrap();
  return async () => {
    // Said once, after the results, where it is read: which suites vitest.config.ts left out and why.
    if (!sandbox.ok) process.stdout.write(`\n${skippedSandboxNotice(sandbox.reason)}\n\n`);
    await rm(pgliteTemplatePath(), { force: true });
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
