ALTER TABLE "streaks" ADD COLUMN "previous_length" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "streaks" ADD COLUMN "previous_last_day" date;