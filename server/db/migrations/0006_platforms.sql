CREATE TABLE "platform_chairs" (
	"response_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"role_title" text NOT NULL,
	CONSTRAINT "platform_chairs_response_id_platform_id_organisation_id_pk" PRIMARY KEY("response_id","platform_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "platform_members" (
	"response_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"representative_role" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_members_response_id_platform_id_organisation_id_pk" PRIMARY KEY("response_id","platform_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"level" text DEFAULT 'national' NOT NULL,
	"parent_id" uuid,
	"sector_id" uuid,
	"purpose" text,
	"meeting_frequency" text,
	"tor_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platforms_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
ALTER TABLE "platform_chairs" ADD CONSTRAINT "platform_chairs_response_id_platform_id_platforms_response_id_id_fk" FOREIGN KEY ("response_id","platform_id") REFERENCES "public"."platforms"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_chairs" ADD CONSTRAINT "platform_chairs_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_members" ADD CONSTRAINT "platform_members_response_id_platform_id_platforms_response_id_id_fk" FOREIGN KEY ("response_id","platform_id") REFERENCES "public"."platforms"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_members" ADD CONSTRAINT "platform_members_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_response_id_parent_id_platforms_response_id_id_fk" FOREIGN KEY ("response_id","parent_id") REFERENCES "public"."platforms"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "platform_members_organisation_idx" ON "platform_members" USING btree ("response_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "platforms_code_key" ON "platforms" USING btree ("response_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "platforms_name_key" ON "platforms" USING btree ("response_id",lower("name"));--> statement-breakpoint
CREATE INDEX "platforms_parent_idx" ON "platforms" USING btree ("response_id","parent_id");