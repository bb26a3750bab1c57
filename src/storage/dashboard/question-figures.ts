import { sql } from "drizzle-orm";
import type { AnswerHook } from "../answer-hooks.js";
import type { Executor } from "../database.js";
import { jsonRows } from "../raw-sql.js";

/** Width of a time bucket in ms, and the last bucket (a minute and more). */
export const bucketMs = 250;
export const lastBucket = 239;

export function timeBucket(responseMs: number): number {
  return Math.min(lastBucket, Math.max(0, Math.floor(responseMs / bucketMs)));
}

/**
 * The dashboard's answer projection: adds each stored answer to its question's figures on its server, in
 * the answers' transaction. The batch is summed per row first (one upsert may touch a row only once).
 */
export function questionFiguresHook(): AnswerHook {
  return async (tx, answers) => {
    if (answers.length === 0) return;
    const sums = new Map<
      string,
      { key: readonly [string, string, string, number, number]; n: number; c: number }
    >();
    for (const answer of answers) {
      const key = [
        answer.platform,
        answer.workspaceId,
        answer.questionId,
        answer.option ?? -1,
        timeBucket(answer.responseMs),
      ] as const;
      const id = JSON.stringify(key);
      const sum = sums.get(id) ?? { key, n: 0, c: 0 };
      sum.n += 1;
      if (answer.correct) sum.c += 1;
      sums.set(id, sum);
    }
    const rows = [...sums.values()].map(({ key, n, c }) => ({
      platform: key[0],
      workspace_id: key[1],
      question_id: key[2],
      option: key[3],
      time_bucket: key[4],
      answers: n,
      correct: c,
    }));
    await tx.execute(sql`
      insert into question_answer_figures as f (platform, workspace_id, question_id, option, time_bucket, answers, correct)
      select v.platform, v.workspace_id, v.question_id, v.option, v.time_bucket, v.answers, v.correct
        from jsonb_to_recordset(${jsonRows(rows)})
             as v(platform text, workspace_id text, question_id text, option smallint, time_bucket smallint,
                  answers integer, correct integer)
      on conflict (platform, workspace_id, question_id, option, time_bucket)
      do update set answers = f.answers + excluded.answers, correct = f.correct + excluded.correct`);
  };
}

/**
 * Every server's question figures recounted from the answers table in one set-based pass (the same rule
 * as migration 0010's backfill): for a bulk load (the benchmark's seed) or a repair, never per request.
 */
export async function rebuildQuestionFigures(db: Executor): Promise<void> {
  await db.execute(sql`delete from question_answer_figures`);
  await db.execute(sql`
    insert into question_answer_figures (platform, workspace_id, question_id, option, time_bucket, answers, correct)
    select r.platform, r.workspace_id, a.question_id,
           case a.response->>'type'
             when 'choice' then (a.response->>'index')::smallint
             when 'truefalse' then case when (a.response->>'value')::boolean then 0 else 1 end
             else -1 end,
           least(greatest(a.response_ms, 0) / ${bucketMs}::int, ${lastBucket}::int),
           count(*)::int, (count(*) filter (where a.correct))::int
      from answers a
      join round_questions q on q.id = a.round_question_id
      join rounds r on r.id = q.round_id
     group by 1, 2, 3, 4, 5`);
}
