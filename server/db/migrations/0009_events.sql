CREATE TABLE "event_organisers" (
	"response_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "event_organisers_response_id_event_id_organisation_id_pk" PRIMARY KEY("response_id","event_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "event_sectors" (
	"response_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"sector_id" uuid NOT NULL,
	CONSTRAINT "event_sectors_response_id_event_id_sector_id_pk" PRIMARY KEY("response_id","event_id","sector_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"platform_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"recurrence" text DEFAULT 'none' NOT NULL,
	"rrule_base" text,
	"recurrence_until" date,
	"recurrence_count" integer,
	"exception_dates" date[] DEFAULT '{}' NOT NULL,
	"place" text,
	"online_url" text,
	"agenda_url" text,
	"minutes_url" text,
	"visibility" text DEFAULT 'public' NOT NULL,
	"description" text,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
ALTER TABLE "event_organisers" ADD CONSTRAINT "event_organisers_response_id_event_id_events_response_id_id_fk" FOREIGN KEY ("response_id","event_id") REFERENCES "public"."events"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_organisers" ADD CONSTRAINT "event_organisers_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sectors" ADD CONSTRAINT "event_sectors_response_id_event_id_events_response_id_id_fk" FOREIGN KEY ("response_id","event_id") REFERENCES "public"."events"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sectors" ADD CONSTRAINT "event_sectors_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_response_id_platform_id_platforms_response_id_id_fk" FOREIGN KEY ("response_id","platform_id") REFERENCES "public"."platforms"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_sectors_sector_idx" ON "event_sectors" USING btree ("response_id","sector_id");--> statement-breakpoint
CREATE INDEX "events_starts_idx" ON "events" USING btree ("response_id","starts_at");--> statement-breakpoint
CREATE INDEX "events_platform_idx" ON "events" USING btree ("response_id","platform_id");