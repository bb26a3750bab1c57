import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { type Database, openPostgres, wrapPglite } from "../../src/storage/database.js";
import { withDatabase } from "./database-url.js";
import { pgliteTemplatePath, postgresTemplateName } from "./paths.js";

export type StorageKind = "pglite" | "postgres";

/** PGlite everywhere; real Postgres too whenever TEST_DATABASE_URL is set (CI sets it). */
export const storageKinds: readonly StorageKind[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestDatabase extends Database {
  /** For Postgres: the URL of this test's own database (e.g. to start a second bot process on it). */
  readonly url?: string;
}

let workerTemplate: Promise<PGlite> | undefined;

/** This worker's migrated PGlite, loaded once from the dump made by the global setup. */
function pgliteTemplate(): Promise<PGlite> {
  workerTemplate ??= readFile(pgliteTemplatePath()).then((bytes) =>
    PGlite.create({ loadDataDir: new Blob([bytes]) }),
  );
  return workerTemplate;
}

/** A fresh, migrated, empty database of the given kind, private to the caller. */
export async function createTestDatabase(kind: StorageKind = "pglite"): Promise<TestDatabase> {
  if (kind === "pglite") {
    const clone = (await (await pgliteTemplate()).clone()) as PGlite;
    return wrapPglite(clone);
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const name = `quizbot_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${postgresTemplateName()}`);
  } finally {
    await admin.end();
  }
  const ownUrl = withDatabase(url, name);
  const opened = await openPostgres({ url: ownUrl, poolSize: 20 });
  return {
    ...opened,
    url: ownUrl,
    async close() {
      await opened.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
