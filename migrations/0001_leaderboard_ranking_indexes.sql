CREATE INDEX "score_aggregates_answered" ON "score_aggregates" USING btree ("group_id","period_key","answered");--> statement-breakpoint
CREATE INDEX "score_aggregates_accuracy" ON "score_aggregates" USING btree ("group_id","period_key",("correct"::float8 / "answered"));--> statement-breakpoint
CREATE INDEX "streaks_ranking" ON "streaks" USING btree ("group_id","current");