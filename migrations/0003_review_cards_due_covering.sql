DROP INDEX "review_cards_due";--> statement-breakpoint
CREATE INDEX "review_cards_due" ON "review_cards" USING btree ("user_id","due","question_id");