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
CREATE TRIGGER plan_figures_analysis_insert AFTER INSERT ON plan_figures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER plan_figures_analysis_update AFTER UPDATE ON plan_figures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER plan_figures_analysis_delete AFTER DELETE ON plan_figures REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER plan_figures_analysis_truncate AFTER TRUNCATE ON plan_figures
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER needs_severity_analysis_insert AFTER INSERT ON needs_severity REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER needs_severity_analysis_update AFTER UPDATE ON needs_severity REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER needs_severity_analysis_delete AFTER DELETE ON needs_severity REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER needs_severity_analysis_truncate AFTER TRUNCATE ON needs_severity
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER population_figures_analysis_insert AFTER INSERT ON population_figures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER population_figures_analysis_update AFTER UPDATE ON population_figures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER population_figures_analysis_delete AFTER DELETE ON population_figures REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER population_figures_analysis_truncate AFTER TRUNCATE ON population_figures
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER displacement_rounds_analysis_insert AFTER INSERT ON displacement_rounds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER displacement_rounds_analysis_update AFTER UPDATE ON displacement_rounds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER displacement_rounds_analysis_delete AFTER DELETE ON displacement_rounds REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER displacement_rounds_analysis_truncate AFTER TRUNCATE ON displacement_rounds
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER locations_analysis_insert AFTER INSERT ON locations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER locations_analysis_update AFTER UPDATE ON locations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER locations_analysis_delete AFTER DELETE ON locations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER locations_analysis_truncate AFTER TRUNCATE ON locations
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER sectors_analysis_insert AFTER INSERT ON sectors REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER sectors_analysis_update AFTER UPDATE ON sectors REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER sectors_analysis_delete AFTER DELETE ON sectors REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
--> statement-breakpoint
CREATE TRIGGER sectors_analysis_truncate AFTER TRUNCATE ON sectors
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_reference_bump();
