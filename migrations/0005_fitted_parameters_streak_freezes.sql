CREATE TABLE "member_parameters" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"fit_id" bigint NOT NULL,
	"weights" double precision[] NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parameter_fits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "parameter_fits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint,
	"group_id" bigint,
	"weights" double precision[] NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL,
	"review_count" integer NOT NULL,
	"log_loss" double precision NOT NULL,
	"rmse" double precision NOT NULL,
	"default_log_loss" double precision NOT NULL,
	"default_rmse" double precision NOT NULL,
	"accepted" boolean NOT NULL,
	CONSTRAINT "parameter_fits_one_owner" CHECK (("parameter_fits"."user_id" is null) <> ("parameter_fits"."group_id" is null))
);
--> statement-breakpoint
ALTER TABLE "study_groups" ADD COLUMN "streak_freezes" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "streaks" ADD COLUMN "freezes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_parameters" ADD CONSTRAINT "member_parameters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_parameters" ADD CONSTRAINT "member_parameters_fit_id_parameter_fits_id_fk" FOREIGN KEY ("fit_id") REFERENCES "public"."parameter_fits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parameter_fits" ADD CONSTRAINT "parameter_fits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parameter_fits" ADD CONSTRAINT "parameter_fits_group_id_study_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."study_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "parameter_fits_user" ON "parameter_fits" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parameter_fits_group" ON "parameter_fits" USING btree ("group_id");