import type { Sql } from "postgres";
import type { ScratchDatabase } from "./fresh-database.js";

/**
 * Settings for seeding a benchmark's own database in bulk. They are set on the database, so every
 * connection opened during the load has them, the pools of the code under test included (the figures are
 * built by `rebuildGroupFigures` on its own connection):
 *   - work_mem, maintenance_work_mem: the per-day figures, their sorts and the index builds stay in memory
 *     instead of spilling to disk;
 *   - synchronous_commit off: no commit waits for the WAL flush; a crash would lose a seed nobody keeps;
 *   - session_replication_role replica: foreign keys are not checked row by row. The seed's rows are
 *     consistent by construction, and checking each of millions of rows dominated the load.
 * They are reset before the benchmark measures anything.
 */
const bulkLoadSettings: Readonly<Record<string, string>> = {
  work_mem: "256MB",
  maintenance_work_mem: "512MB",
  synchronous_commit: "off",
  session_replication_role: "replica",
};

/** Runs `load` with the bulk-load settings on `scratch` and resets them after it, whatever happens. */
export async function withBulkLoadSettings<T>(scratch: ScratchDatabase, load: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(bulkLoadSettings)) {
    await scratch.admin(`alter database ${scratch.name} set ${name} = '${value}'`);
  }
  try {
    return await load();
  } finally {
    for (const name of Object.keys(bulkLoadSettings)) {
      await scratch.admin(`alter database ${scratch.name} reset ${name}`);
    }
  }
}

interface IndexDefinition {
  readonly name: string;
  readonly table: string;
  readonly definition: string;
  /** The primary key or unique constraint the index backs, if any, and which of the two it is. */
  readonly constraintName: string | null;
  readonly constraintType: "p" | "u" | null;
}

/**
 * Runs `load` with every index of `tables` dropped, primary keys included, and builds them again after
 * it: one sort per index instead of millions of scattered index insertions, the usual bulk-load practice.
 * Constraints come back under their own names (`add constraint ... using index`), so the schema ends as
 * the migrations left it. The load must keep the data valid for them: a duplicate fails the rebuild.
 */
export async function withoutIndexes<T>(
  sql: Sql,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  const indexes = await sql<IndexDefinition[]>`
    select i.relname as name, t.relname as "table", pg_get_indexdef(x.indexrelid) as definition,
           c.conname as "constraintName", c.contype as "constraintType"
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
      left join pg_constraint c on c.conindid = x.indexrelid and c.contype in ('p', 'u')
     where t.relname in ${sql(tables)}`;
  for (const index of indexes) {
    await sql.unsafe(
      index.constraintName
        ? `alter table "${index.table}" drop constraint "${index.constraintName}"`
        : `drop index "${index.name}"`,
    );
  }
  const result = await load();
  for (const index of indexes) {
    await sql.unsafe(index.definition);
    if (index.constraintName) {
      const kind = index.constraintType === "p" ? "primary key" : "unique";
      await sql.unsafe(
        `alter table "${index.table}" add constraint "${index.constraintName}" ${kind} using index "${index.name}"`,
      );
    }
  }
  return result;
}
