import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStorage } from "../../src/storage/database.js";

let dataDir: string;
const storage = () => openStorage({ databaseUrl: undefined, dataDir, poolSize: 1 });
/** PGlite's drizzle driver returns raw results as `{ rows }`. */
const rawRows = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-pglite-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("GIVEN the embedded database in a data directory", () => {
  it("WHEN the directory is new THEN the database is created there, migrated, and runs on a 32 MB buffer pool", async () => {
    const database = await storage();
    try {
      expect(database.kind).toBe("pglite");
      const tables = rawRows<{ name: string }>(
        await database.db.execute(sql`select table_name as name from information_schema.tables`),
      ).map((row) => row.name);
      expect(tables).toContain("answers");
      const [setting] = rawRows<{ shared_buffers: string }>(
        await database.db.execute(sql`show shared_buffers`),
      );
      expect(setting?.shared_buffers).toBe("32MB");
      await database.db.execute(sql`create table kept (note text)`);
      await database.db.execute(sql`insert into kept values ('still here')`);
    } finally {
      await database.close();
    }
  }, 120_000);

  it("WHEN it is opened again THEN the rows written before are there", async () => {
    const database = await storage();
    try {
      const rows = rawRows<{ note: string }>(await database.db.execute(sql`select note from kept`));
      expect(rows).toEqual([{ note: "still here" }]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
