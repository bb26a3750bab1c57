CREATE TABLE "snippet_card_grants" (
	"user_id" bigint NOT NULL,
	"code_hash" text NOT NULL,
	"question_ids" text[] NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "snippet_card_grants_user_id_code_hash_pk" PRIMARY KEY("user_id","code_hash")
);
--> statement-breakpoint
CREATE TABLE "snippet_findings" (
	"run_id" bigint NOT NULL,
	"rule_id" text NOT NULL,
	"user_id" bigint NOT NULL,
	"title" text NOT NULL,
	"hits" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "snippet_findings_run_id_rule_id_pk" PRIMARY KEY("run_id","rule_id")
);
--> statement-breakpoint
ALTER TABLE "user_settings" ADD COLUMN "snippet_cards" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "snippet_card_grants" ADD CONSTRAINT "snippet_card_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snippet_findings" ADD CONSTRAINT "snippet_findings_run_id_snippet_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."snippet_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snippet_findings" ADD CONSTRAINT "snippet_findings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "snippet_findings_user_time" ON "snippet_findings" USING btree ("user_id","created_at");