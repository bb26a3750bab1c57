import { eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "../../src/storage/database.js";
import { maxPreparedParameters } from "../../src/storage/prepared-statements.js";
import { rowsOf } from "../../src/storage/raw-sql.js";
import { users } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

interface Prepared {
  readonly statement: string;
}

// Prepared statements belong to a server connection; PGlite has no connections or protocol to prepare
// over. CI always sets TEST_DATABASE_URL, so this runs there.
describe.runIf(process.env.TEST_DATABASE_URL)("statements on PostgreSQL", () => {
  let owner: TestDatabase;
  // One connection, so every statement of a test lands in the session whose prepared statements we read.
  let database: Database;

  beforeAll(async () => {
    owner = await createTestDatabase("postgres");
    database = await openPostgres({ url: owner.url ?? "", poolSize: 1 });
    await database.db
      .insert(users)
      .values({ platform: "console", platformUserId: "ada", displayName: "Ada" });
  });

  afterAll(async () => {
    await database.close();
    await owner.close();
  });

  async function preparedLike(fragment: string): Promise<Prepared[]> {
    return rowsOf<Prepared>(
      await database.db.execute(sql`select statement from pg_prepared_statements where from_sql = false`),
    ).filter((row) => row.statement.includes(fragment));
  }

  it("GIVEN a query run again and again, also inside transactions THEN it is prepared once on the connection", async () => {
    const byId = (id: string) =>
      database.db.select({ name: users.displayName }).from(users).where(eq(users.platformUserId, id));
    for (let i = 0; i < 3; i += 1) expect(await byId("ada")).toEqual([{ name: "Ada" }]);
    await database.db.transaction(async (tx) => {
      expect(
        await tx.select({ name: users.displayName }).from(users).where(eq(users.platformUserId, "ada")),
      ).toEqual([{ name: "Ada" }]);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`select ${"savepoint-probe"}::text as probe`);
      });
    });
    expect(await preparedLike(`where "users"."platform_user_id" = $1`)).toHaveLength(1);
    expect(await preparedLike("::text as probe")).toHaveLength(1);
  });

  it("GIVEN a statement with more parameters than the limit THEN it runs unprepared, leaving no plan behind", async () => {
    const many = Array.from({ length: maxPreparedParameters + 1 }, (_, i) => `nobody-${i}`);
    expect(await database.db.select().from(users).where(inArray(users.platformUserId, many))).toEqual([]);
    const few = ["ada", "nobody"];
    expect(
      await database.db.select({ id: users.id }).from(users).where(inArray(users.platformUserId, few)),
    ).toHaveLength(1);
    const lists = await preparedLike(`"users"."platform_user_id" in (`);
    expect(lists.map((row) => row.statement.split("$").length - 1)).toEqual([few.length]);
  });

  it("GIVEN the connection was killed after its statements were prepared THEN the same queries work on the new one", async () => {
    const probe = () =>
      database.db.select({ id: users.id }).from(users).where(eq(users.platformUserId, "ada"));
    expect(await probe()).toHaveLength(1);
    const [{ pid }] = rowsOf<{ pid: number }>(
      await database.db.execute(sql`select pg_backend_pid() as pid`),
    ) as [{ pid: number }];
    const admin = postgres(process.env.TEST_DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_terminate_backend(${pid})`;
      // Termination is a signal: wait until the backend is gone, so the next query cannot slip in before it.
      for (let i = 0; i < 100; i += 1) {
        if ((await admin`select 1 from pg_stat_activity where pid = ${pid}`).length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await admin.end();
    }
    // The first query after the kill may meet the dead socket (the bot answers "try again" then); the
    // driver opens a new connection for the next.
    await probe().catch(() => undefined);
    expect(await probe()).toHaveLength(1);
    expect(await preparedLike(`where "users"."platform_user_id" = $1`)).toHaveLength(1);
  });

  it("GIVEN prepared statements are turned off (a transaction-mode pooler) THEN nothing is prepared", async () => {
    const plain = await openPostgres({ url: owner.url ?? "", poolSize: 1, preparedStatements: false });
    try {
      const found = await plain.db.select({ id: users.id }).from(users).where(eq(users.displayName, "Ada"));
      expect(found).toHaveLength(1);
      const prepared = rowsOf<Prepared>(
        await plain.db.execute(sql`select statement from pg_prepared_statements`),
      );
      expect(prepared).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
