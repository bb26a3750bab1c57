ALTER TABLE "user_settings" ADD COLUMN "vacation_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user_settings" ADD COLUMN "vacation_until" timestamp with time zone;