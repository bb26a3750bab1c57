CREATE TABLE "dashboard_link_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"link_expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_sessions" (
	"key" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"member_id" text NOT NULL,
	"role" text NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dashboard_link_nonces_expiry" ON "dashboard_link_nonces" USING btree ("link_expires_at");--> statement-breakpoint
CREATE INDEX "dashboard_sessions_expiry" ON "dashboard_sessions" USING btree ("expires_at");