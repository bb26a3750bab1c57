import { createHash } from "node:crypto";
import { and, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Pack, Question } from "../../domain/questions/question.js";
import type { Db } from "../database.js";
import { packs, questions } from "../schema/index.js";

export interface SyncReport {
  readonly added: number;
  readonly updated: number;
  readonly retired: number;
  readonly unchanged: number;
}

/**
 * Makes the stored catalogue match the packs: new questions are added, edited ones updated in place
 * (same id, so history and scores stay), and questions gone from their pack are retired, not deleted.
 */
export async function syncPacks(db: Db, loaded: readonly Pack[]): Promise<SyncReport> {
  return db.transaction(async (tx) => {
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    for (const pack of loaded) {
      const meta = {
        title: pack.title,
        description: pack.description,
        language: pack.language,
        version: pack.version,
        author: pack.author,
        secondsPerQuestion: pack.settings.secondsPerQuestion,
      };
      await tx
        .insert(packs)
        .values({ id: pack.id, ...meta })
        .onConflictDoUpdate({ target: packs.id, set: { ...meta, updatedAt: sql`now()` } });
    }
    const all = loaded.flatMap((pack) => pack.questions);
    const existing = new Map<string, { hash: string; retired: boolean }>();
    for (const ids of chunks(
      all.map((question) => question.id),
      500,
    )) {
      const rows = await tx
        .select({ id: questions.id, hash: questions.contentHash, retiredAt: questions.retiredAt })
        .from(questions)
        .where(inArray(questions.id, ids));
      for (const row of rows) existing.set(row.id, { hash: row.hash, retired: row.retiredAt !== null });
    }
    for (const question of all) {
      const hash = contentHash(question);
      const before = existing.get(question.id);
      if (before && before.hash === hash && !before.retired) {
        unchanged += 1;
        continue;
      }
      const values = {
        packId: question.packId,
        kind: question.kind,
        tags: [...question.tags],
        difficulty: question.difficulty,
        content: question,
        contentHash: hash,
      };
      await tx
        .insert(questions)
        .values({ id: question.id, ...values })
        .onConflictDoUpdate({
          target: questions.id,
          set: { ...values, updatedAt: sql`now()`, retiredAt: null },
        });
      if (before) updated += 1;
      else added += 1;
    }
    // Questions of a pack that is no longer loaded are retired too: the catalogue is what the packs folder
    // holds. Nothing is lost; putting the pack back brings its questions (and their review cards) back.
    const keep = all.map((question) => question.id);
    const retiredRows = await tx
      .update(questions)
      .set({ retiredAt: sql`now()` })
      .where(and(isNull(questions.retiredAt), keep.length > 0 ? notInArray(questions.id, keep) : sql`true`))
      .returning({ id: questions.id });
    return { added, updated, retired: retiredRows.length, unchanged };
  });
}

function contentHash(question: Question): string {
  return createHash("sha256").update(JSON.stringify(question)).digest("hex");
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
