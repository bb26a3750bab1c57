import { execFile } from "node:child_process";
import { access, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { ConnectionDemand, countingPglite, countingPostgresClient, type PoolUsage } from "./pool-usage.js";
import { preparingClient } from "./prepared-statements.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** The drizzle API common to both drivers; repositories only ever see this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  readonly kind: "postgres" | "pglite";
  /** The connections in use and the queries waiting for one, for the metrics (see pool-usage.ts). */
  pool(): PoolUsage;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Serialises migrations of several processes starting at once against one Postgres. */
const migrationLockKey = 727_270_001;

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  /** Called for each connection-level error instead of crashing the process. */
  readonly onNotice?: (message: string) => void;
  /**
   * Prepare statements once per connection (the default). Off for a pooler in transaction mode that
   * cannot keep a connection's prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
   */
  readonly preparedStatements?: boolean;
}

/**
 * Seconds a connection waits before reconnecting after `failures` failed attempts in a row: the driver's
 * own curve (tens of milliseconds, growing threefold) but capped at 2 s instead of 20 s, so that once the
 * database is back members stop hearing "try again" within seconds. Jittered, so the pool does not knock
 * all at once; ten connections trying every 2 s are nothing to a server.
 */
export function reconnectDelaySeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** failures / 100, 2);
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const client = postgres(options.url, {
    max: options.poolSize,
    onnotice: (notice) => options.onNotice?.(String(notice.message)),
    // Fail fast when the server is unreachable rather than hanging a user's request.
    connect_timeout: 10,
    idle_timeout: 60,
    // The array-type lookup postgres-js runs on each new connection drops its promise: a backend killed
    // during it (failover, pg_terminate_backend) becomes an unhandled rejection that exits the process
    // (porsager/postgres#1192, #1223). Drizzle sends and parses array columns as text, so it needs no lookup.
    fetch_types: false,
    prepare: options.preparedStatements ?? true,
    backoff: reconnectDelaySeconds,
  });
  // Both drivers' databases share PgDatabase's query API but differ in their query-result type parameter,
  // which no caller reads: `Db` is that common API, and the cast says so once here instead of at each use.
  const demand = new ConnectionDemand(options.poolSize);
  const prepared = options.preparedStatements === false ? client : preparingClient(client);
  const db = drizzlePostgres(countingPostgresClient(prepared, demand), { schema }) as unknown as Db;
  return { db, kind: "postgres", pool: () => demand.usage(), close: () => client.end({ timeout: 5 }) };
}

/** Applies pending migrations under an advisory lock, so concurrent starts migrate once. */
export async function migratePostgresDatabase(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${migrationLockKey})`;
    try {
      await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${migrationLockKey})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * PGlite's own start parameters plus a smaller buffer pool. The pool lives in the bot's WebAssembly memory
 * and Postgres touches all of it at start, so PGlite's default of 128 MB is 128 MB of resident memory before
 * the first query; 32 MB holds a study group's working set (a fresh database is under 10 MB of tables),
 * and what does not fit is read back from the operating system's page cache. Settings are start
 * parameters, not `postgresqlconf`, which would rewrite the data directory's postgresql.conf.
 * https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-SHARED-BUFFERS
 */
export const pgliteStartParams: readonly string[] = [
  ...PGlite.defaultStartParams,
  "-c",
  "shared_buffers=32MB",
];

export function wrapPglite(client: PGlite): Database {
  // The same common API as the Postgres driver's (see openPostgres).
  const demand = new ConnectionDemand(1);
  const db = drizzlePglite(countingPglite(client, demand), { schema }) as unknown as Db;
  return { db, kind: "pglite", pool: () => demand.usage(), close: () => client.close() };
}

const pgliteEntry = createRequire(import.meta.url).resolve("@electric-sql/pglite");

/** Creates a data directory and exits: CommonJS for `node -e`, which runs alike under tsx, vitest and dist/. */
const createDataDirScript = `
const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2]).then((db) => db.close());
`;

/**
 * Creates the data directory in a short-lived child process when there is none yet. On a new directory
 * PGlite runs initdb in two more WebAssembly instances (a host PGlite and initdb itself); once closed they
 * are garbage, but about 500 MB of it stays resident until V8 happens to run full collections, which an idle
 * bot may not do for hours. A process that exits gives all of it back. Later starts find PG_VERSION and skip
 * this.
 */
export async function createPgliteDataDir(
  directory: string,
  onCreate: (directory: string) => void = () => {},
): Promise<void> {
  const exists = await access(path.join(directory, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  if (exists) return;
  onCreate(directory);
  await mkdir(directory, { recursive: true });
  try {
    await promisify(execFile)(process.execPath, ["-e", createDataDirScript, pgliteEntry, directory], {
      maxBuffer: 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(`creating the embedded database in ${directory} failed: ${String(stderr || error)}`);
  }
}

export async function migratePgliteClient(client: PGlite): Promise<void> {
  await migratePglite(drizzlePglite(client), { migrationsFolder });
}

export interface StorageOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly poolSize: number;
  readonly preparedStatements?: boolean;
  readonly onNotice?: (message: string) => void;
  /** Told before a new embedded database is created (initdb: seconds, and longer on a busy machine). */
  readonly onCreateEmbedded?: (directory: string) => void;
}

/** Opens the configured store and brings its schema up to date: Postgres when a URL is set, else PGlite. */
export async function openStorage(options: StorageOptions): Promise<Database> {
  if (options.databaseUrl) {
    await migratePostgresDatabase(options.databaseUrl);
    return openPostgres({
      url: options.databaseUrl,
      poolSize: options.poolSize,
      ...(options.preparedStatements === undefined ? {} : { preparedStatements: options.preparedStatements }),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    });
  }
  const directory = path.resolve(options.dataDir, "pglite");
  await createPgliteDataDir(directory, options.onCreateEmbedded);
  const client = new PGlite(directory, { startParams: [...pgliteStartParams] });
  await migratePgliteClient(client);
  return wrapPglite(client);
}
