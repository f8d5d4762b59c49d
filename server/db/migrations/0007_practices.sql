CREATE TABLE "displacement_rounds" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"assessed_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "displacement_rounds_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "mobility_flows" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"origin_location_id" uuid NOT NULL,
	"destination_location_id" uuid NOT NULL,
	"people" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mobility_flows_response_id_id_pk" PRIMARY KEY("response_id","id"),
	CONSTRAINT "mobility_flows_period" CHECK ("mobility_flows"."period_end" >= "mobility_flows"."period_start"),
	CONSTRAINT "mobility_flows_people" CHECK ("mobility_flows"."people" >= 0)
);
--> statement-breakpoint
CREATE TABLE "needs_severity" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"sector_id" uuid NOT NULL,
	"severity" smallint NOT NULL,
	"priority_needs" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "needs_severity_response_id_id_pk" PRIMARY KEY("response_id","id"),
	CONSTRAINT "needs_severity_range" CHECK ("needs_severity"."severity" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "population_figures" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"population_group_id" uuid,
	"households" integer,
	"individuals" integer NOT NULL,
	"women" integer,
	"men" integer,
	"girls" integer,
	"boys" integer,
	"elderly" integer,
	CONSTRAINT "population_figures_response_id_id_pk" PRIMARY KEY("response_id","id"),
	CONSTRAINT "population_figures_positive" CHECK ("population_figures"."individuals" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_figures" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"metric" text NOT NULL,
	"sector_id" uuid,
	"location_id" uuid,
	"population_group_id" uuid,
	"indicator_id" uuid,
	"organisation_id" uuid,
	"objective_id" uuid,
	"value" numeric NOT NULL,
	"as_of" date NOT NULL,
	"source" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_figures_response_id_id_pk" PRIMARY KEY("response_id","id"),
	CONSTRAINT "plan_figures_value_positive" CHECK ("plan_figures"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_objectives" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"sector_id" uuid,
	"parent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_objectives_response_id_id_pk" PRIMARY KEY("response_id","id"),
	CONSTRAINT "plan_objectives_sector_kind" CHECK (("plan_objectives"."kind" = 'sector') = ("plan_objectives"."sector_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "practice_comments" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_comments_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "practices" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"type" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"countries" text[] DEFAULT '{}' NOT NULL,
	"regions" text[] DEFAULT '{}' NOT NULL,
	"sub_regions" text[] DEFAULT '{}' NOT NULL,
	"organisations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description" text,
	"benefit_impact" text,
	"key_lessons" text,
	"gcm_objectives" integer[] DEFAULT '{}' NOT NULL,
	"gcm_principles" integer[] DEFAULT '{}' NOT NULL,
	"sdg_goals" integer[] DEFAULT '{}' NOT NULL,
	"sdg_targets" text[] DEFAULT '{}' NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"activity_ids" uuid[] DEFAULT '{}' NOT NULL,
	"document_ids" uuid[] DEFAULT '{}' NOT NULL,
	"years" integer[] DEFAULT '{}' NOT NULL,
	"submitted_by" uuid,
	"submitter_name" text,
	"submitter_email" text,
	"return_reason" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practices_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
ALTER TABLE "displacement_rounds" ADD CONSTRAINT "displacement_rounds_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_flows" ADD CONSTRAINT "mobility_flows_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_flows" ADD CONSTRAINT "mobility_flows_response_id_origin_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","origin_location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_flows" ADD CONSTRAINT "mobility_flows_response_id_destination_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","destination_location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs_severity" ADD CONSTRAINT "needs_severity_response_id_round_id_displacement_rounds_response_id_id_fk" FOREIGN KEY ("response_id","round_id") REFERENCES "public"."displacement_rounds"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs_severity" ADD CONSTRAINT "needs_severity_response_id_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs_severity" ADD CONSTRAINT "needs_severity_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_figures" ADD CONSTRAINT "population_figures_response_id_round_id_displacement_rounds_response_id_id_fk" FOREIGN KEY ("response_id","round_id") REFERENCES "public"."displacement_rounds"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_figures" ADD CONSTRAINT "population_figures_response_id_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_figures" ADD CONSTRAINT "population_figures_response_id_population_group_id_population_groups_response_id_id_fk" FOREIGN KEY ("response_id","population_group_id") REFERENCES "public"."population_groups"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_population_group_id_population_groups_response_id_id_fk" FOREIGN KEY ("response_id","population_group_id") REFERENCES "public"."population_groups"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_indicator_id_indicators_response_id_id_fk" FOREIGN KEY ("response_id","indicator_id") REFERENCES "public"."indicators"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_figures" ADD CONSTRAINT "plan_figures_response_id_objective_id_plan_objectives_response_id_id_fk" FOREIGN KEY ("response_id","objective_id") REFERENCES "public"."plan_objectives"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_objectives" ADD CONSTRAINT "plan_objectives_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_objectives" ADD CONSTRAINT "plan_objectives_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_objectives" ADD CONSTRAINT "plan_objectives_response_id_parent_id_plan_objectives_response_id_id_fk" FOREIGN KEY ("response_id","parent_id") REFERENCES "public"."plan_objectives"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_comments" ADD CONSTRAINT "practice_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_comments" ADD CONSTRAINT "practice_comments_response_id_practice_id_practices_response_id_id_fk" FOREIGN KEY ("response_id","practice_id") REFERENCES "public"."practices"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "displacement_rounds_code_key" ON "displacement_rounds" USING btree ("response_id","code");--> statement-breakpoint
CREATE INDEX "mobility_flows_period_idx" ON "mobility_flows" USING btree ("response_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "needs_severity_key" ON "needs_severity" USING btree ("response_id","round_id","location_id","sector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "population_figures_key" ON "population_figures" USING btree ("response_id","round_id","location_id",coalesce("population_group_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "population_figures_location_idx" ON "population_figures" USING btree ("response_id","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_figures_key" ON "plan_figures" USING btree ("response_id","year","metric",coalesce("sector_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("location_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("population_group_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("indicator_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("organisation_id", '00000000-0000-0000-0000-000000000000'::uuid),"as_of");--> statement-breakpoint
CREATE INDEX "plan_figures_sector_idx" ON "plan_figures" USING btree ("response_id","year","sector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_objectives_code_key" ON "plan_objectives" USING btree ("response_id","year","code");--> statement-breakpoint
CREATE INDEX "practice_comments_practice_idx" ON "practice_comments" USING btree ("response_id","practice_id");--> statement-breakpoint
CREATE INDEX "practices_status_idx" ON "practices" USING btree ("response_id","status");--> statement-breakpoint
CREATE INDEX "practices_submitted_by_idx" ON "practices" USING btree ("response_id","submitted_by");--> statement-breakpoint
CREATE INDEX "practices_search_english_idx" ON "practices" USING gin (to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(description, '') || ' ' || coalesce(key_lessons, '')));--> statement-breakpoint
CREATE INDEX "practices_search_simple_idx" ON "practices" USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(description, '') || ' ' || coalesce(key_lessons, '')));