CREATE TABLE "contact_confirmations" (
	"response_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"requested_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_confirmations_response_id_token_hash_pk" PRIMARY KEY("response_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "contact_platforms" (
	"response_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "contact_platforms_response_id_contact_id_platform_id_pk" PRIMARY KEY("response_id","contact_id","platform_id")
);
--> statement-breakpoint
CREATE TABLE "contact_sectors" (
	"response_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"sector_id" uuid NOT NULL,
	CONSTRAINT "contact_sectors_response_id_contact_id_sector_id_pk" PRIMARY KEY("response_id","contact_id","sector_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text,
	"email" text NOT NULL,
	"phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"user_id" uuid,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "document_locations" (
	"response_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	CONSTRAINT "document_locations_response_id_document_id_location_id_pk" PRIMARY KEY("response_id","document_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "document_organisations" (
	"response_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "document_organisations_response_id_document_id_organisation_id_pk" PRIMARY KEY("response_id","document_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "document_sectors" (
	"response_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"sector_id" uuid NOT NULL,
	CONSTRAINT "document_sectors_response_id_document_id_sector_id_pk" PRIMARY KEY("response_id","document_id","sector_id")
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"response_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"note" text,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_versions_response_id_document_id_version_pk" PRIMARY KEY("response_id","document_id","version")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"document_date" date,
	"language" text DEFAULT 'en' NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"description" text,
	"platform_id" uuid,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "news_images" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"story_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"credit" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "news_images_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "news_stories" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"organisation_id" uuid,
	"author_id" uuid,
	"review_note" text,
	"submitted_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "news_stories_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "news_story_locations" (
	"response_id" uuid NOT NULL,
	"story_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	CONSTRAINT "news_story_locations_response_id_story_id_location_id_pk" PRIMARY KEY("response_id","story_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "news_story_sectors" (
	"response_id" uuid NOT NULL,
	"story_id" uuid NOT NULL,
	"sector_id" uuid NOT NULL,
	CONSTRAINT "news_story_sectors_response_id_story_id_sector_id_pk" PRIMARY KEY("response_id","story_id","sector_id")
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "suppression_threshold" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "contact_confirmations" ADD CONSTRAINT "contact_confirmations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_confirmations" ADD CONSTRAINT "contact_confirmations_response_id_contact_id_contacts_response_id_id_fk" FOREIGN KEY ("response_id","contact_id") REFERENCES "public"."contacts"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_platforms" ADD CONSTRAINT "contact_platforms_response_id_contact_id_contacts_response_id_id_fk" FOREIGN KEY ("response_id","contact_id") REFERENCES "public"."contacts"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_platforms" ADD CONSTRAINT "contact_platforms_response_id_platform_id_platforms_response_id_id_fk" FOREIGN KEY ("response_id","platform_id") REFERENCES "public"."platforms"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_sectors" ADD CONSTRAINT "contact_sectors_response_id_contact_id_contacts_response_id_id_fk" FOREIGN KEY ("response_id","contact_id") REFERENCES "public"."contacts"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_sectors" ADD CONSTRAINT "contact_sectors_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_locations" ADD CONSTRAINT "document_locations_response_id_document_id_documents_response_id_id_fk" FOREIGN KEY ("response_id","document_id") REFERENCES "public"."documents"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_locations" ADD CONSTRAINT "document_locations_response_id_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_organisations" ADD CONSTRAINT "document_organisations_response_id_document_id_documents_response_id_id_fk" FOREIGN KEY ("response_id","document_id") REFERENCES "public"."documents"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_organisations" ADD CONSTRAINT "document_organisations_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_sectors" ADD CONSTRAINT "document_sectors_response_id_document_id_documents_response_id_id_fk" FOREIGN KEY ("response_id","document_id") REFERENCES "public"."documents"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_sectors" ADD CONSTRAINT "document_sectors_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_response_id_document_id_documents_response_id_id_fk" FOREIGN KEY ("response_id","document_id") REFERENCES "public"."documents"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_response_id_platform_id_platforms_response_id_id_fk" FOREIGN KEY ("response_id","platform_id") REFERENCES "public"."platforms"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_images" ADD CONSTRAINT "news_images_response_id_story_id_news_stories_response_id_id_fk" FOREIGN KEY ("response_id","story_id") REFERENCES "public"."news_stories"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_stories" ADD CONSTRAINT "news_stories_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_stories" ADD CONSTRAINT "news_stories_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_stories" ADD CONSTRAINT "news_stories_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_story_locations" ADD CONSTRAINT "news_story_locations_response_id_story_id_news_stories_response_id_id_fk" FOREIGN KEY ("response_id","story_id") REFERENCES "public"."news_stories"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_story_locations" ADD CONSTRAINT "news_story_locations_response_id_location_id_locations_response_id_id_fk" FOREIGN KEY ("response_id","location_id") REFERENCES "public"."locations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_story_sectors" ADD CONSTRAINT "news_story_sectors_response_id_story_id_news_stories_response_id_id_fk" FOREIGN KEY ("response_id","story_id") REFERENCES "public"."news_stories"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_story_sectors" ADD CONSTRAINT "news_story_sectors_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_confirmations_contact_idx" ON "contact_confirmations" USING btree ("response_id","contact_id");--> statement-breakpoint
CREATE INDEX "contact_platforms_platform_idx" ON "contact_platforms" USING btree ("response_id","platform_id");--> statement-breakpoint
CREATE INDEX "contact_sectors_sector_idx" ON "contact_sectors" USING btree ("response_id","sector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_email_key" ON "contacts" USING btree ("response_id",lower("email"));--> statement-breakpoint
CREATE INDEX "contacts_organisation_idx" ON "contacts" USING btree ("response_id","organisation_id");--> statement-breakpoint
CREATE INDEX "document_locations_target_idx" ON "document_locations" USING btree ("response_id","location_id");--> statement-breakpoint
CREATE INDEX "document_organisations_target_idx" ON "document_organisations" USING btree ("response_id","organisation_id");--> statement-breakpoint
CREATE INDEX "document_sectors_target_idx" ON "document_sectors" USING btree ("response_id","sector_id");--> statement-breakpoint
CREATE INDEX "documents_date_idx" ON "documents" USING btree ("response_id","document_date");--> statement-breakpoint
CREATE INDEX "news_images_story_idx" ON "news_images" USING btree ("response_id","story_id");--> statement-breakpoint
CREATE INDEX "news_stories_published_idx" ON "news_stories" USING btree ("response_id","state","published_at");--> statement-breakpoint
CREATE INDEX "news_story_locations_target_idx" ON "news_story_locations" USING btree ("response_id","location_id");--> statement-breakpoint
CREATE INDEX "news_story_sectors_target_idx" ON "news_story_sectors" USING btree ("response_id","sector_id");