CREATE TABLE "dashboard_tag_members" (
	"server_group_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"user_id" bigint NOT NULL,
	"cards" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_tag_members_server_group_id_tag_user_id_pk" PRIMARY KEY("server_group_id","tag","user_id")
);
--> statement-breakpoint
CREATE TABLE "dashboard_tag_recall" (
	"server_group_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"decay_step" smallint NOT NULL,
	"stability_class" smallint NOT NULL,
	"origin_bucket" integer NOT NULL,
	"cards" integer DEFAULT 0 NOT NULL,
	"k_sum" double precision DEFAULT 0 NOT NULL,
	"k_offset_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_tag_recall_server_group_id_tag_decay_step_stability_class_origin_bucket_pk" PRIMARY KEY("server_group_id","tag","decay_step","stability_class","origin_bucket")
);
--> statement-breakpoint
CREATE TABLE "dashboard_tag_totals" (
	"server_group_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"cards" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_tag_totals_server_group_id_tag_pk" PRIMARY KEY("server_group_id","tag")
);
--> statement-breakpoint
CREATE TABLE "group_period_figures" (
	"group_id" bigint NOT NULL,
	"period_key" text NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	"answered" bigint DEFAULT 0 NOT NULL,
	"correct" bigint DEFAULT 0 NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "group_period_figures_group_id_period_key_pk" PRIMARY KEY("group_id","period_key")
);
--> statement-breakpoint
ALTER TABLE "dashboard_tag_members" ADD CONSTRAINT "dashboard_tag_members_server_group_id_study_groups_id_fk" FOREIGN KEY ("server_group_id") REFERENCES "public"."study_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_tag_members" ADD CONSTRAINT "dashboard_tag_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_tag_recall" ADD CONSTRAINT "dashboard_tag_recall_server_group_id_study_groups_id_fk" FOREIGN KEY ("server_group_id") REFERENCES "public"."study_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_tag_totals" ADD CONSTRAINT "dashboard_tag_totals_server_group_id_study_groups_id_fk" FOREIGN KEY ("server_group_id") REFERENCES "public"."study_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_period_figures" ADD CONSTRAINT "group_period_figures_group_id_study_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."study_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rounds_workspace_kind" ON "rounds" USING btree ("platform","workspace_id","kind","created_at");--> statement-breakpoint
CREATE INDEX "score_aggregates_member_boards" ON "score_aggregates" USING btree ("user_id","group_id") WHERE "score_aggregates"."period_key" = 'all';--> statement-breakpoint
-- The group totals of the boards stored before this table existed (src/storage/leaderboards/recount.ts).
INSERT INTO "group_period_figures" ("group_id", "period_key", "members", "answered", "correct", "points")
SELECT "group_id", "period_key", count(*)::int, sum("answered"), sum("correct"), sum("points")
  FROM "score_aggregates"
 GROUP BY "group_id", "period_key";--> statement-breakpoint
-- The tags page's figures (src/storage/schema/dashboard.ts): `changes` holds one row per card, server and
-- tag with its sign (+1 added, -1 taken away), member, stability, last review (days since 1970) and decay.
-- Rows are summed per key and written in key order, so concurrent writers lock them in one order.
CREATE FUNCTION "dashboard_tag_recall_apply"(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF jsonb_array_length(changes) = 0 THEN RETURN; END IF;
  WITH c AS (
    SELECT v.s, v.g, v.t, greatest(v.st, 0.001) AS st, v.lr,
           least(greatest(round(v.d * 5000), 1), 5000)::smallint AS dm
      FROM jsonb_to_recordset(changes) AS v(s integer, g bigint, t text, st float8, lr float8, d float8)
  ), f AS (
    SELECT c.*, c.dm / 5000.0::float8 AS d, power(0.9::float8, -5000.0::float8 / c.dm) - 1 AS f,
           least(greatest(floor(ln(c.st) / ln(2.0::float8)), -12), 16)::smallint AS cls
      FROM c
  ), k AS (
    SELECT f.*, power(2.0::float8, f.cls - 1) AS w, f.lr - f.st / f.f AS o, power(f.st / f.f, f.d) AS kk
      FROM f
  ), b AS (
    SELECT k.*, floor(k.o / k.w)::integer AS ob FROM k
  )
  INSERT INTO dashboard_tag_recall AS r
         (server_group_id, tag, decay_step, stability_class, origin_bucket, cards, k_sum, k_offset_sum)
  SELECT b.g, b.t, b.dm, b.cls, b.ob, sum(b.s)::integer, sum(b.s * b.kk), sum(b.s * b.kk * (b.o - b.ob * b.w))
    FROM b
   GROUP BY b.g, b.t, b.dm, b.cls, b.ob
   ORDER BY b.g, b.t, b.dm, b.cls, b.ob
  ON CONFLICT (server_group_id, tag, decay_step, stability_class, origin_bucket) DO UPDATE
     SET cards = r.cards + excluded.cards, k_sum = r.k_sum + excluded.k_sum,
         k_offset_sum = r.k_offset_sum + excluded.k_offset_sum;
  -- A member joins a tag's count when their cards in it go from none to some, and leaves it at none.
  WITH m AS (
    SELECT v.g, v.t, v.u, sum(v.s)::integer AS n
      FROM jsonb_to_recordset(changes) AS v(s integer, g bigint, t text, u bigint)
     GROUP BY v.g, v.t, v.u
    HAVING sum(v.s) <> 0
  ), w AS (
    INSERT INTO dashboard_tag_members AS x (server_group_id, tag, user_id, cards)
    SELECT m.g, m.t, m.u, m.n FROM m ORDER BY m.g, m.t, m.u
    ON CONFLICT (server_group_id, tag, user_id) DO UPDATE SET cards = x.cards + excluded.cards
    RETURNING server_group_id, tag, user_id, cards
  )
  INSERT INTO dashboard_tag_totals AS y (server_group_id, tag, cards, members)
  SELECT m.g, m.t, sum(m.n)::integer,
         (count(*) FILTER (WHERE w.cards = m.n AND m.n > 0) - count(*) FILTER (WHERE w.cards = 0))::integer
    FROM w JOIN m ON m.g = w.server_group_id AND m.t = w.tag AND m.u = w.user_id
   GROUP BY m.g, m.t
   ORDER BY m.g, m.t
  ON CONFLICT (server_group_id, tag) DO UPDATE
     SET cards = y.cards + excluded.cards, members = y.members + excluded.members;
END $$;--> statement-breakpoint
-- Cards (sign, member, question, stability, last review in days) added or taken away: on each server whose
-- all-time board has the member (or only server `g` when given), for each tag of the question (or `tags`
-- when given), at the member's decay (or `d` when given).
CREATE FUNCTION "dashboard_cards_apply"(cards jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cards IS NULL OR jsonb_array_length(cards) = 0 THEN RETURN; END IF;
  PERFORM dashboard_tag_recall_apply(coalesce((
    SELECT jsonb_agg(jsonb_build_object('s', c.s, 'g', s.group_id, 't', t.tag, 'u', c.u, 'st', c.st, 'lr', c.lr,
                                        'd', coalesce(c.d, p.weights[21], 0.1542)))
      FROM jsonb_to_recordset(cards)
           AS c(s integer, u bigint, q text, st float8, lr float8, g bigint, d float8, tags text[])
      JOIN LATERAL (
        SELECT c.g AS group_id WHERE c.g IS NOT NULL
        UNION ALL
        SELECT b.group_id FROM score_aggregates b
          JOIN study_groups w ON w.id = b.group_id AND w.kind = 'workspace'
         WHERE c.g IS NULL AND b.user_id = c.u AND b.period_key = 'all'
      ) s ON true
      JOIN questions q ON q.id = c.q
     CROSS JOIN unnest(coalesce(c.tags, q.tags)) AS t(tag)
      LEFT JOIN member_parameters p ON p.user_id = c.u), '[]'::jsonb));
END $$;--> statement-breakpoint
-- A card counts once seen (state <> 0 and reviewed); a change of due date alone changes nothing.
CREATE FUNCTION "dashboard_review_cards_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_cards_apply((
      SELECT jsonb_agg(jsonb_build_object('s', 1, 'u', n.user_id, 'q', n.question_id, 'st', n.stability,
                                          'lr', extract(epoch FROM n.last_review) / 86400))
        FROM new_cards n WHERE n.state <> 0 AND n.last_review IS NOT NULL));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM dashboard_cards_apply((
      SELECT jsonb_agg(x.card) FROM (
        SELECT jsonb_build_object('s', -1, 'u', o.user_id, 'q', o.question_id, 'st', o.stability,
                                  'lr', extract(epoch FROM o.last_review) / 86400) AS card
          FROM old_cards o JOIN new_cards n ON n.user_id = o.user_id AND n.question_id = o.question_id
         WHERE o.state <> 0 AND o.last_review IS NOT NULL
           AND (o.stability, o.last_review, o.state) IS DISTINCT FROM (n.stability, n.last_review, n.state)
        UNION ALL
        SELECT jsonb_build_object('s', 1, 'u', n.user_id, 'q', n.question_id, 'st', n.stability,
                                  'lr', extract(epoch FROM n.last_review) / 86400)
          FROM old_cards o JOIN new_cards n ON n.user_id = o.user_id AND n.question_id = o.question_id
         WHERE n.state <> 0 AND n.last_review IS NOT NULL
           AND (o.stability, o.last_review, o.state) IS DISTINCT FROM (n.stability, n.last_review, n.state)
      ) x));
  ELSE
    PERFORM dashboard_cards_apply((
      SELECT jsonb_agg(jsonb_build_object('s', -1, 'u', o.user_id, 'q', o.question_id, 'st', o.stability,
                                          'lr', extract(epoch FROM o.last_review) / 86400))
        FROM old_cards o WHERE o.state <> 0 AND o.last_review IS NOT NULL));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "review_cards_dashboard_insert" AFTER INSERT ON "review_cards"
  REFERENCING NEW TABLE AS new_cards FOR EACH STATEMENT EXECUTE FUNCTION dashboard_review_cards_changed();--> statement-breakpoint
CREATE TRIGGER "review_cards_dashboard_update" AFTER UPDATE ON "review_cards"
  REFERENCING OLD TABLE AS old_cards NEW TABLE AS new_cards
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_review_cards_changed();--> statement-breakpoint
CREATE TRIGGER "review_cards_dashboard_delete" AFTER DELETE ON "review_cards"
  REFERENCING OLD TABLE AS old_cards FOR EACH STATEMENT EXECUTE FUNCTION dashboard_review_cards_changed();--> statement-breakpoint
-- A member who joins a server's all-time board brings their cards to its tags; leaving it takes them away.
CREATE FUNCTION "dashboard_boards_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_cards_apply((
      SELECT jsonb_agg(jsonb_build_object('s', 1, 'u', c.user_id, 'q', c.question_id, 'st', c.stability,
                                          'lr', extract(epoch FROM c.last_review) / 86400, 'g', n.group_id))
        FROM new_boards n
        JOIN study_groups w ON w.id = n.group_id AND w.kind = 'workspace'
        JOIN review_cards c ON c.user_id = n.user_id AND c.state <> 0 AND c.last_review IS NOT NULL
       WHERE n.period_key = 'all'));
  ELSE
    PERFORM dashboard_cards_apply((
      SELECT jsonb_agg(jsonb_build_object('s', -1, 'u', c.user_id, 'q', c.question_id, 'st', c.stability,
                                          'lr', extract(epoch FROM c.last_review) / 86400, 'g', o.group_id))
        FROM old_boards o
        JOIN study_groups w ON w.id = o.group_id AND w.kind = 'workspace'
        JOIN review_cards c ON c.user_id = o.user_id AND c.state <> 0 AND c.last_review IS NOT NULL
       WHERE o.period_key = 'all'));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "score_aggregates_dashboard_insert" AFTER INSERT ON "score_aggregates"
  REFERENCING NEW TABLE AS new_boards FOR EACH STATEMENT EXECUTE FUNCTION dashboard_boards_changed();--> statement-breakpoint
CREATE TRIGGER "score_aggregates_dashboard_delete" AFTER DELETE ON "score_aggregates"
  REFERENCING OLD TABLE AS old_boards FOR EACH STATEMENT EXECUTE FUNCTION dashboard_boards_changed();--> statement-breakpoint
-- A member's decay (FSRS-6 w[20]; no row or no w[20]: the default) moves their cards from the old to the new.
CREATE FUNCTION "dashboard_parameters_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    changed := (SELECT jsonb_agg(jsonb_build_object('u', n.user_id, 'before', 0.1542,
                                                    'after', coalesce(n.weights[21], 0.1542)))
                  FROM new_parameters n);
  ELSIF TG_OP = 'UPDATE' THEN
    changed := (SELECT jsonb_agg(jsonb_build_object('u', n.user_id, 'before', coalesce(o.weights[21], 0.1542),
                                                    'after', coalesce(n.weights[21], 0.1542)))
                  FROM old_parameters o JOIN new_parameters n ON n.user_id = o.user_id);
  ELSE
    changed := (SELECT jsonb_agg(jsonb_build_object('u', o.user_id, 'before', coalesce(o.weights[21], 0.1542),
                                                    'after', 0.1542))
                  FROM old_parameters o);
  END IF;
  IF changed IS NULL THEN RETURN NULL; END IF;
  PERFORM dashboard_cards_apply((
    SELECT jsonb_agg(jsonb_build_object('s', side.s, 'u', c.user_id, 'q', c.question_id, 'st', c.stability,
                                        'lr', extract(epoch FROM c.last_review) / 86400, 'd', side.decay))
      FROM jsonb_to_recordset(changed) AS m(u bigint, before float8, after float8)
     CROSS JOIN LATERAL (VALUES (-1, m.before), (1, m.after)) AS side(s, decay)
      JOIN review_cards c ON c.user_id = m.u AND c.state <> 0 AND c.last_review IS NOT NULL
     WHERE m.before IS DISTINCT FROM m.after));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "member_parameters_dashboard_insert" AFTER INSERT ON "member_parameters"
  REFERENCING NEW TABLE AS new_parameters FOR EACH STATEMENT EXECUTE FUNCTION dashboard_parameters_changed();--> statement-breakpoint
CREATE TRIGGER "member_parameters_dashboard_update" AFTER UPDATE ON "member_parameters"
  REFERENCING OLD TABLE AS old_parameters NEW TABLE AS new_parameters
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_parameters_changed();--> statement-breakpoint
CREATE TRIGGER "member_parameters_dashboard_delete" AFTER DELETE ON "member_parameters"
  REFERENCING OLD TABLE AS old_parameters FOR EACH STATEMENT EXECUTE FUNCTION dashboard_parameters_changed();--> statement-breakpoint
-- A question whose tags change (a pack edited) moves its cards from the old tags to the new ones.
CREATE FUNCTION "dashboard_questions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb;
BEGIN
  changed := (SELECT jsonb_agg(jsonb_build_object('q', n.id, 'before', o.tags, 'after', n.tags))
                FROM old_questions o JOIN new_questions n ON n.id = o.id
               WHERE o.tags IS DISTINCT FROM n.tags);
  IF changed IS NULL THEN RETURN NULL; END IF;
  PERFORM dashboard_cards_apply((
    SELECT jsonb_agg(jsonb_build_object('s', side.s, 'u', c.user_id, 'q', c.question_id, 'st', c.stability,
                                        'lr', extract(epoch FROM c.last_review) / 86400, 'tags', side.tags))
      FROM jsonb_to_recordset(changed) AS m(q text, before jsonb, after jsonb)
     CROSS JOIN LATERAL (VALUES (-1, m.before), (1, m.after)) AS side(s, tags)
      JOIN review_cards c ON c.question_id = m.q AND c.state <> 0 AND c.last_review IS NOT NULL));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "questions_dashboard_update" AFTER UPDATE ON "questions"
  REFERENCING OLD TABLE AS old_questions NEW TABLE AS new_questions
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_questions_changed();--> statement-breakpoint
-- The cards stored before these figures existed, on every server whose all-time board has their member.
SELECT dashboard_cards_apply((
  SELECT jsonb_agg(jsonb_build_object('s', 1, 'u', c.user_id, 'q', c.question_id, 'st', c.stability,
                                      'lr', extract(epoch FROM c.last_review) / 86400))
    FROM review_cards c WHERE c.state <> 0 AND c.last_review IS NOT NULL));
