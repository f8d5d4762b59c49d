CREATE TABLE "duplication_reviews" (
	"response_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"finding_key" text NOT NULL,
	"kind" text NOT NULL,
	"sector_id" uuid NOT NULL,
	"records_digest" text NOT NULL,
	"reason" text NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplication_reviews_response_id_id_pk" PRIMARY KEY("response_id","id")
);
--> statement-breakpoint
ALTER TABLE "duplication_reviews" ADD CONSTRAINT "duplication_reviews_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplication_reviews" ADD CONSTRAINT "duplication_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplication_reviews" ADD CONSTRAINT "duplication_reviews_response_id_sector_id_sectors_response_id_id_fk" FOREIGN KEY ("response_id","sector_id") REFERENCES "public"."sectors"("response_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "duplication_reviews_key" ON "duplication_reviews" USING btree ("response_id","finding_key");