import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { wellFormedText } from "../domain/text/well-formed-text.js";

/** Rows of a raw statement: postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

/** How JSON.stringify writes what jsonb refuses: a NUL, or half of a surrogate pair on its own. */
const refusedEscape = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** JSON text PostgreSQL will take: every string made well formed (see `wellFormedText`). */
export function storableJson(value: unknown): string {
  const text = JSON.stringify(value);
  // Nearly every batch is clean: only then pay for a replacer that visits every string (it was a twentieth
  // of the answer path's CPU). A whole pair is written as it is, so only the refused forms are escapes.
  if (!refusedEscape.test(text)) return text;
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "string" ? wellFormedText(inner) : inner,
  );
}

/**
 * Many rows as one jsonb parameter, for `jsonb_to_recordset(...)`: a batch of any size is one
 * parameter and one statement on both drivers, where a VALUES list would need a parameter per cell.
 */
export function jsonRows(rows: readonly unknown[]): SQL {
  return sql`${storableJson(rows)}::jsonb`;
}

/**
 * `column in (ids)` as one jsonb parameter: the statement's text is the same for any number of ids, so a
 * batch of any size reuses one prepared statement, where `inArray` has a text (and a plan) per length.
 */
export function idIn(column: SQL.Aliased | AnyColumn | SQL, ids: readonly number[]): SQL {
  return sql`${column} in (select value::bigint from jsonb_array_elements_text(${jsonRows(ids.map(String))}))`;
}
