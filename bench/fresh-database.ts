import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type Database, migratePostgresDatabase, openPostgres } from "../src/storage/database.js";

/** The server a benchmark creates its databases on when the caller names none. */
export function benchServerUrl(databaseUrl?: string): string {
  return databaseUrl ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/** A new, migrated Postgres database of one benchmark, with nothing open on it yet. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  /** Runs `statement` on the server's maintenance connection, e.g. `alter database <name> set ...`. */
  admin(statement: string): Promise<void>;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

/**
 * Creates and migrates a database of its own on the server of `serverUrl`. Benchmarks that seed in bulk
 * do so between this and opening their pool, so the seed's settings (and the `alter database` of a later
 * phase) reach every connection the measured code opens.
 */
export async function migratedPostgres(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `quizbot_bench_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const scratch: ScratchDatabase = {
    name,
    url: url.toString(),
    admin: async (statement) => {
      await admin.unsafe(statement);
    },
    drop: async () => {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
  try {
    await admin.unsafe(`create database ${name}`);
    await migratePostgresDatabase(scratch.url);
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  return scratch;
}

/** A new, migrated Postgres database on the server of `serverUrl`, open, and dropped by `close()`. */
export async function freshPostgres(serverUrl: string, label: string): Promise<Database & { url: string }> {
  const scratch = await migratedPostgres(serverUrl, label);
  const opened = await openPostgres({ url: scratch.url, poolSize: 20 });
  return {
    ...opened,
    url: scratch.url,
    async close() {
      try {
        await opened.close();
      } finally {
        await scratch.drop();
      }
    },
  };
}
