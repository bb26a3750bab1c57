CREATE TABLE "question_answer_figures" (
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"question_id" text NOT NULL,
	"option" smallint NOT NULL,
	"time_bucket" smallint NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	"correct" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "question_answer_figures_platform_workspace_id_question_id_option_time_bucket_pk" PRIMARY KEY("platform","workspace_id","question_id","option","time_bucket")
);
--> statement-breakpoint
ALTER TABLE "question_answer_figures" ADD CONSTRAINT "question_answer_figures_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The answers stored before this table existed, counted once (src/storage/dashboard/question-figures.ts).
INSERT INTO "question_answer_figures" ("platform", "workspace_id", "question_id", "option", "time_bucket", "answers", "correct")
SELECT r."platform", r."workspace_id", a."question_id",
       CASE a."response"->>'type'
         WHEN 'choice' THEN (a."response"->>'index')::smallint
         WHEN 'truefalse' THEN CASE WHEN (a."response"->>'value')::boolean THEN 0 ELSE 1 END
         ELSE -1 END,
       least(greatest(a."response_ms", 0) / 250, 239),
       count(*)::int, (count(*) FILTER (WHERE a."correct"))::int
  FROM "answers" a
  JOIN "round_questions" q ON q."id" = a."round_question_id"
  JOIN "rounds" r ON r."id" = q."round_id"
 GROUP BY 1, 2, 3, 4, 5;
