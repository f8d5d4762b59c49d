DROP INDEX "locations_name_trgm_idx";--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(name || ' ' || names::text)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "locations_search_trgm_idx" ON "locations" USING gin ("search_text" gin_trgm_ops);