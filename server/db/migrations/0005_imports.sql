CREATE TABLE "activity_imports" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid,
	"organisation_id" uuid,
	"file_name" text NOT NULL,
	"file_size" bigint NOT NULL,
	"format" text NOT NULL,
	"state" text DEFAULT 'uploaded' NOT NULL,
	"dry_run" boolean DEFAULT true NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb,
	"report" jsonb,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "activity_imports_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_column_mappings" (
	"response_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"header" text NOT NULL,
	"field" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_column_mappings_response_id_organisation_id_header_pk" PRIMARY KEY("response_id","organisation_id","header")
);
--> statement-breakpoint
ALTER TABLE "activity_imports" ADD CONSTRAINT "activity_imports_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_imports" ADD CONSTRAINT "activity_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_imports" ADD CONSTRAINT "activity_imports_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_column_mappings" ADD CONSTRAINT "import_column_mappings_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_column_mappings" ADD CONSTRAINT "import_column_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_column_mappings" ADD CONSTRAINT "import_column_mappings_response_id_organisation_id_organisations_response_id_id_fk" FOREIGN KEY ("response_id","organisation_id") REFERENCES "public"."organisations"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_imports_created_by_idx" ON "activity_imports" USING btree ("response_id","created_by","created_at");