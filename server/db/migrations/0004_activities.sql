CREATE TABLE "activities" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reporting_org_id" uuid NOT NULL,
	"implementing_org_id" uuid,
	"sector_id" uuid NOT NULL,
	"sub_sector_id" uuid,
	"activity_type_id" uuid NOT NULL,
	"indicator_id" uuid,
	"location_id" uuid NOT NULL,
	"population_group_id" uuid,
	"status" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"reporting_month" date NOT NULL,
	"quantity" numeric,
	"unit" text,
	"reached_total" integer,
	"women" integer,
	"men" integer,
	"girls" integer,
	"boys" integer,
	"elderly" integer,
	"persons_with_disabilities" integer,
	"modality" text,
	"notes" text,
	"external_id" text,
	"review_state" text DEFAULT 'draft' NOT NULL,
	"rejection_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_response_id_id_pk" PRIMARY KEY("response_id","id"),
	CONSTRAINT "activities_dates_check" CHECK ("activities"."end_date" >= "activities"."start_date"),
	CONSTRAINT "activities_month_check" CHECK (extract(day from "activities"."reporting_month") = 1),
	CONSTRAINT "activities_counts_check" CHECK (coalesce("activities"."reached_total", 0) >= 0 AND coalesce("activities"."women", 0) >= 0 AND coalesce("activities"."men", 0) >= 0
        AND coalesce("activities"."girls", 0) >= 0 AND coalesce("activities"."boys", 0) >= 0 AND coalesce("activities"."elderly", 0) >= 0
        AND coalesce("activities"."persons_with_disabilities", 0) >= 0 AND coalesce("activities"."quantity", 0) >= 0),
	CONSTRAINT "activities_version_check" CHECK ("activities"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "activity_donors" (
	"response_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "activity_donors_response_id_activity_id_organisation_id_pk" PRIMARY KEY("response_id","activity_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "month_locks" (
	"response_id" uuid NOT NULL,
	"month" date NOT NULL,
	"locked_by" uuid,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	CONSTRAINT "month_locks_response_id_month_pk" PRIMARY KEY("response_id","month"),
	CONSTRAINT "month_locks_month_check" CHECK (extract(day from "month_locks"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_reporting_org_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","reporting_org_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_implementing_org_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","implementing_org_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_sub_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sub_sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_activity_type_id_activity_types_response_id_id_fk" FOREIGN KEY ("response_id","activity_type_id") REFERENCES "public"."activity_types"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_indicator_id_indicators_response_id_id_fk" FOREIGN KEY ("response_id","indicator_id") REFERENCES "public"."indicators"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_response_id_population_group_id_population_groups_response_id_id_fk" FOREIGN KEY ("response_id","population_group_id") REFERENCES "public"."population_groups"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_donors" ADD CONSTRAINT "activity_donors_response_id_activity_id_activities_response_id_id_fk" FOREIGN KEY ("response_id","activity_id") REFERENCES "public"."activities"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_donors" ADD CONSTRAINT "activity_donors_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_locks" ADD CONSTRAINT "month_locks_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_locks" ADD CONSTRAINT "month_locks_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activities_external_id_key" ON "activities" USING btree ("response_id","reporting_org_id","external_id") WHERE "activities"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "activities_natural_key" ON "activities" USING btree ("response_id","reporting_org_id","activity_type_id","location_id","reporting_month",coalesce("population_group_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "activities_month_idx" ON "activities" USING btree ("response_id","reporting_month","id");--> statement-breakpoint
CREATE INDEX "activities_sector_idx" ON "activities" USING btree ("response_id","sector_id","reporting_month");--> statement-breakpoint
CREATE INDEX "activities_reporting_org_idx" ON "activities" USING btree ("response_id","reporting_org_id","reporting_month");--> statement-breakpoint
CREATE INDEX "activities_implementing_org_idx" ON "activities" USING btree ("response_id","implementing_org_id");--> statement-breakpoint
CREATE INDEX "activities_location_idx" ON "activities" USING btree ("response_id","location_id","reporting_month");--> statement-breakpoint
CREATE INDEX "activities_review_state_idx" ON "activities" USING btree ("response_id","review_state","reporting_month");--> statement-breakpoint
CREATE INDEX "activity_donors_organisation_idx" ON "activity_donors" USING btree ("response_id","organisation_id");