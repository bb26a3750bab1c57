import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type Database, migratePostgresDatabase, openPostgres } from "../src/storage/database.js";

/** A new, migrated Postgres database on the server of `serverUrl`, dropped by `close()`. */
export async function freshPostgres(serverUrl: string, label: string): Promise<Database & { url: string }> {
  const name = `quizbot_bench_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migratePostgresDatabase(url.toString());
  const opened = await openPostgres({ url: url.toString(), poolSize: 20 });
  return {
    ...opened,
    url: url.toString(),
    async close() {
      await opened.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
