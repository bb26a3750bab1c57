ALTER TABLE "snippet_runs" ADD COLUMN "interpreter" text;--> statement-breakpoint
ALTER TABLE "snippet_runs" ADD COLUMN "stdin" text;