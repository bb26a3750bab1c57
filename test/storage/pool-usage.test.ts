import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "../../src/storage/database.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/manual-time.js";

describe.each(storageKinds)("GIVEN the database pool's figures on %s", (kind) => {
  let database: TestDatabase;
  /** On Postgres, a second pool of two connections on the same database; PGlite is one connection. */
  let pooled: Database;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    pooled = kind === "postgres" ? await openPostgres({ url: database.url ?? "", poolSize: 2 }) : database;
  }, 60_000);

  afterAll(async () => {
    if (pooled !== database) await pooled.close();
    await database.close();
  });

  it("WHEN nothing runs THEN nothing is in use or waiting", () => {
    expect(pooled.pool()).toEqual({ max: kind === "postgres" ? 2 : 1, inUse: 0, waiting: 0 });
  });

  it("WHEN more slow queries run than there are connections THEN the pool is full and the rest wait, and all is free again after", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A transaction that holds its connection until the test lets go, and three plain queries.
    const transaction = pooled.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await held;
    });
    // drizzle's queries are lazy: `then` sends them.
    const queries = [1, 2, 3].map(() => pooled.db.execute(sql`select pg_sleep(0.3)`).then(() => undefined));
    const max = pooled.pool().max;
    try {
      await eventually(() => expect(pooled.pool()).toEqual({ max, inUse: max, waiting: 4 - max }), 10_000);
    } finally {
      release();
      await Promise.all([transaction, ...queries]);
    }
    expect(pooled.pool()).toEqual({ max, inUse: 0, waiting: 0 });
  }, 30_000);

  it("WHEN a query fails THEN it is no longer counted", async () => {
    await expect(pooled.db.execute(sql`select * from no_such_table`)).rejects.toThrow();
    expect(pooled.pool().inUse).toBe(0);
  });
});
