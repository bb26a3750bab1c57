import { sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";

/** How members answered one question, over every round it was asked in. */
export interface QuestionAnswerStats {
  readonly questionId: string;
  readonly answers: number;
  readonly correct: number;
  /** Median time to answer in ms. */
  readonly medianMs: number;
}

/**
 * Answer count, correct count and median answer time of each of `questionIds` that has answers (one
 * statement; the ids travel as one array parameter, so a pack of any size is one round trip).
 */
export async function questionAnswerStats(
  db: Db,
  questionIds: readonly string[],
): Promise<QuestionAnswerStats[]> {
  if (questionIds.length === 0) return [];
  const result = await db.execute(sql`
    select question_id,
           count(*)::int as answers,
           count(*) filter (where correct)::int as correct,
           percentile_cont(0.5) within group (order by response_ms)::float8 as median_ms
      from answers
     where question_id = any(${`{${questionIds.map((id) => `"${id}"`).join(",")}}`}::text[])
     group by question_id`);
  return rowsOf<{ question_id: string; answers: number; correct: number; median_ms: number }>(result).map(
    (row) => ({
      questionId: row.question_id,
      answers: Number(row.answers),
      correct: Number(row.correct),
      medianMs: Number(row.median_ms),
    }),
  );
}
