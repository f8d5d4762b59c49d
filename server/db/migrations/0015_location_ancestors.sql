CREATE TABLE "location_ancestors" (
	"response_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"ancestor_id" uuid NOT NULL,
	"depth" smallint NOT NULL,
	"ancestor_kind" text NOT NULL,
	"ancestor_level" smallint NOT NULL,
	CONSTRAINT "location_ancestors_pkey" PRIMARY KEY("response_id","ancestor_id","location_id")
);
--> statement-breakpoint
CREATE INDEX "location_ancestors_location_idx" ON "location_ancestors" USING btree ("response_id","location_id");--> statement-breakpoint
CREATE INDEX "location_ancestors_level_idx" ON "location_ancestors" USING btree ("response_id","ancestor_kind","ancestor_level");--> statement-breakpoint
-- Keeps location_ancestors in step with locations (decision 0013). The rows of the locations a
-- statement adds, and of every location at or below one it moves or gives another kind or level,
-- are made again by walking up the parents from each; the walk stops at 20 levels, so a loop in
-- the tree cannot run away.
CREATE FUNCTION location_ancestors_walk(response uuid[], ids uuid[]) RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO location_ancestors (response_id, location_id, ancestor_id, depth, ancestor_kind, ancestor_level)
  WITH RECURSIVE up(response_id, location_id, ancestor_id, depth) AS (
    SELECT s.response_id, s.id, s.id, 0 FROM unnest(response, ids) AS s(response_id, id)
    UNION ALL
    SELECT up.response_id, up.location_id, l.parent_id, up.depth + 1
    FROM up JOIN locations l ON l.response_id = up.response_id AND l.id = up.ancestor_id
    WHERE l.parent_id IS NOT NULL AND up.depth < 20)
  SELECT up.response_id, up.location_id, up.ancestor_id, min(up.depth), a.kind, a.level
  FROM up JOIN locations a ON a.response_id = up.response_id AND a.id = up.ancestor_id
  GROUP BY 1, 2, 3, 5, 6
$fn$;
--> statement-breakpoint
CREATE FUNCTION location_ancestors_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  response uuid[];
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.response_id), array_agg(n.id) INTO response, ids FROM new_rows n;
    IF ids IS NOT NULL THEN
      PERFORM location_ancestors_walk(response, ids);
    END IF;
    RETURN NULL;
  END IF;
  -- Locations moved to another parent, given another kind or level, or removed.
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(o.response_id), array_agg(o.id) INTO response, ids
    FROM old_rows o JOIN new_rows n ON n.response_id = o.response_id AND n.id = o.id
    WHERE n.parent_id IS DISTINCT FROM o.parent_id OR n.kind <> o.kind OR n.level <> o.level;
  ELSE
    SELECT array_agg(o.response_id), array_agg(o.id) INTO response, ids FROM old_rows o;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  -- They and everything below them lose their rows; those still there walk up again.
  SELECT array_agg(b.response_id), array_agg(b.id) INTO response, ids FROM (
    SELECT DISTINCT a.response_id, a.location_id AS id FROM location_ancestors a
    JOIN unnest(response, ids) AS m(response_id, id) ON a.response_id = m.response_id AND a.ancestor_id = m.id) b;
  DELETE FROM location_ancestors a
  USING unnest(response, ids) AS s(response_id, id)
  WHERE a.response_id = s.response_id AND a.location_id = s.id;
  SELECT array_agg(l.response_id), array_agg(l.id) INTO response, ids
  FROM locations l JOIN unnest(response, ids) AS s(response_id, id) ON l.response_id = s.response_id AND l.id = s.id;
  IF ids IS NOT NULL THEN
    PERFORM location_ancestors_walk(response, ids);
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER location_ancestors_insert AFTER INSERT ON locations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION location_ancestors_apply();
--> statement-breakpoint
CREATE TRIGGER location_ancestors_update AFTER UPDATE ON locations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION location_ancestors_apply();
--> statement-breakpoint
CREATE TRIGGER location_ancestors_delete AFTER DELETE ON locations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION location_ancestors_apply();
--> statement-breakpoint
CREATE FUNCTION location_ancestors_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE location_ancestors;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER location_ancestors_truncate AFTER TRUNCATE ON locations
  FOR EACH STATEMENT EXECUTE FUNCTION location_ancestors_truncate();
--> statement-breakpoint
-- The locations written before this migration.
SELECT location_ancestors_walk(array_agg(response_id), array_agg(id)) FROM locations;
--> statement-breakpoint
-- The presence figures (activities, people reached) beside the key, so that a period's cells are
-- read from the index alone once VACUUM has marked their pages visible to all (decision 0013).
ALTER TABLE activity_cells DROP CONSTRAINT activity_cells_pkey,
  ADD CONSTRAINT activity_cells_pkey PRIMARY KEY ("response_id", "period_months", "period_start", "sector_id",
    "location_id", "organisation_id", "review_state", "sub_sector_id", "indicator_id")
  INCLUDE ("activities", "reached", "reached_count");
