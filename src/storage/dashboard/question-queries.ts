import { sql } from "drizzle-orm";
import type { DashboardScope, QuestionDetail, QuestionFigures } from "../../domain/ports/dashboard-store.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import { bucketMs } from "./question-figures.js";

interface FiguresRow {
  readonly question_id: string;
  readonly prompt: string | null;
  readonly tags: string[] | string | null;
  readonly answers: number;
  readonly correct: number;
  readonly median_ms: number | null;
}

/**
 * Per question on this server, from `question_answer_figures`: answers, correct, and the median time
 * interpolated inside its 250 ms bucket (the bucket where half the answers are reached).
 */
function figuresSql(scope: DashboardScope, questionId?: string) {
  const one = questionId === undefined ? sql`` : sql`and question_id = ${questionId}`;
  return sql`
    with buckets as (
      select question_id, time_bucket, sum(answers)::float8 as n, sum(correct)::int as c
        from question_answer_figures
       where platform = ${scope.platform} and workspace_id = ${scope.workspaceId} ${one}
       group by question_id, time_bucket
    ), running as (
      select *, sum(n) over (partition by question_id order by time_bucket) as upto,
             sum(n) over (partition by question_id) as total
        from buckets
    ), figures as (
      select question_id, sum(n)::int as answers, sum(c)::int as correct,
             min((time_bucket + (total / 2 - (upto - n)) / n) * ${bucketMs}::int)
               filter (where upto * 2 >= total) as median_ms
        from running group by question_id
    )
    select f.question_id, q.content->>'prompt' as prompt, q.tags, f.answers, f.correct, f.median_ms
      from figures f join questions q on q.id = f.question_id`;
}

function figuresOf(row: FiguresRow): QuestionFigures {
  return {
    questionId: row.question_id,
    prompt: row.prompt ?? "",
    tags: tagsOf(row.tags),
    answers: Number(row.answers),
    correct: Number(row.correct),
    medianMs: row.median_ms === null ? undefined : Math.round(Number(row.median_ms)),
  };
}

/** PGlite hands a text[] back as an array, postgres-js too; a literal "{a,b}" is parsed just in case. */
function tagsOf(tags: string[] | string | null): string[] {
  if (Array.isArray(tags)) return tags;
  if (!tags) return [];
  return tags
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter((tag) => tag !== "");
}

export async function questionList(db: Db, scope: DashboardScope): Promise<QuestionFigures[]> {
  const rows = rowsOf<FiguresRow>(
    await db.execute(sql`${figuresSql(scope)} order by f.answers desc, f.question_id`),
  );
  return rows.map(figuresOf);
}

export async function questionDetail(
  db: Db,
  scope: DashboardScope,
  questionId: string,
): Promise<QuestionDetail | undefined> {
  const [row] = rowsOf<FiguresRow>(await db.execute(figuresSql(scope, questionId)));
  if (!row) return undefined;
  const [content] = rowsOf<{ kind: string; options: string[] | null }>(
    await db.execute(sql`
      select kind, array(select jsonb_array_elements_text(content->'options')) as options
        from questions where id = ${questionId}`),
  );
  const choices = rowsOf<{ option: number; answers: number; correct: number }>(
    await db.execute(sql`
      select option, sum(answers)::int as answers, sum(correct)::int as correct
        from question_answer_figures
       where platform = ${scope.platform} and workspace_id = ${scope.workspaceId} and question_id = ${questionId}
       group by option order by option`),
  );
  const options = content?.kind === "truefalse" ? ["True", "False"] : tagsOf(content?.options ?? null);
  return {
    ...figuresOf(row),
    options,
    choices: choices.map((choice) => ({
      option: Number(choice.option),
      answers: Number(choice.answers),
      correct: Number(choice.correct),
    })),
  };
}
