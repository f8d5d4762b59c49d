CREATE TABLE "analysis_reference_versions" (
	"response_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Counts the writes to what the analysis reads beside the 4W records, per response, so what it
-- read of them can be kept until they change (server/modules/analysis/reference-cache.ts). One
-- bump per statement and response, in the writing transaction: the next request sees it.
-- location_ancestors is written only by the triggers on locations, whose statement bumps.
CREATE FUNCTION analysis_reference_bump() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE analysis_reference_versions SET version = version + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analysis_reference_versions AS v (response_id, version)
    SELECT DISTINCT response_id, 1 FROM old_rows
    ON CONFLICT (response_id) DO UPDATE SET version = v.version + 1;
  ELSE
    INSERT INTO analysis_reference_versions AS v (response_id, version)
    SELECT DISTINCT response_id, 1 FROM new_rows
    ON CONFLICT (response_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plan_figures', 'needs_severity', 'population_figures', 'displacement_rounds',
    'locations', 'sectors'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump()', t || '_analysis_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump()', t || '_analysis_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump()', t || '_analysis_delete', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump()', t || '_analysis_truncate', t);
  END LOOP;
END
$do$;
