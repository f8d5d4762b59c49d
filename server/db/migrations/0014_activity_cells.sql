CREATE TABLE "activity_cells" (
	"response_id" uuid NOT NULL,
	"period_months" smallint NOT NULL,
	"period_start" date NOT NULL,
	"sector_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"review_state" text NOT NULL,
	"sub_sector_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"activities" integer NOT NULL,
	"reached" bigint NOT NULL,
	"reached_count" integer NOT NULL,
	"quantity" numeric NOT NULL,
	"quantity_count" integer NOT NULL,
	CONSTRAINT "activity_cells_pkey" PRIMARY KEY("response_id","period_months","period_start","sector_id","location_id","organisation_id","review_state","sub_sector_id","indicator_id"),
	CONSTRAINT "activity_cells_period_check" CHECK ("activity_cells"."period_months" IN (1, 3, 12))
);
--> statement-breakpoint
CREATE INDEX "activity_cells_empty_idx" ON "activity_cells" USING btree ("response_id") WHERE "activity_cells"."activities" = 0;--> statement-breakpoint
-- Keeps activity_cells in step with activities (decision 0011). One function for the three
-- statement triggers: the rows a statement removed count -1 and the rows it added +1 in their
-- month, quarter and year; net changes are added to the cells, in key order so that concurrent
-- writers lock shared cells in the same order; cells left with no record are deleted.
CREATE FUNCTION activity_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
    ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o' END;
BEGIN
  EXECUTE format($q$
    WITH changed AS (%s)
    INSERT INTO activity_cells AS c (response_id, period_months, period_start, sector_id, location_id,
      organisation_id, review_state, sub_sector_id, indicator_id, activities, reached, reached_count, quantity,
      quantity_count)
    SELECT r.response_id, p.months, date_trunc(p.unit, r.reporting_month)::date, r.sector_id, r.location_id,
      coalesce(r.implementing_org_id, r.reporting_org_id), r.review_state,
      coalesce(r.sub_sector_id, '00000000-0000-0000-0000-000000000000'),
      coalesce(r.indicator_id, '00000000-0000-0000-0000-000000000000'),
      sum(r.sign), sum(r.sign * coalesce(r.reached_total, 0)), sum(r.sign * (r.reached_total IS NOT NULL)::int),
      sum(r.sign * coalesce(r.quantity, 0)), sum(r.sign * (r.quantity IS NOT NULL)::int)
    FROM changed r CROSS JOIN (VALUES (1, 'month'), (3, 'quarter'), (12, 'year')) AS p(months, unit)
    WHERE r.review_state IN ('approved', 'submitted')
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    HAVING sum(r.sign) <> 0 OR sum(r.sign * coalesce(r.reached_total, 0)) <> 0
      OR sum(r.sign * coalesce(r.quantity, 0)) <> 0
      OR sum(r.sign * (r.reached_total IS NOT NULL)::int) <> 0 OR sum(r.sign * (r.quantity IS NOT NULL)::int) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT ON CONSTRAINT activity_cells_pkey DO UPDATE SET
      activities = c.activities + excluded.activities, reached = c.reached + excluded.reached,
      reached_count = c.reached_count + excluded.reached_count, quantity = c.quantity + excluded.quantity,
      quantity_count = c.quantity_count + excluded.quantity_count
  $q$, changed);
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM activity_cells c
    WHERE c.response_id IN (SELECT DISTINCT o.response_id FROM old_rows o) AND c.activities = 0;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER activity_cells_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_cells_apply();
--> statement-breakpoint
CREATE TRIGGER activity_cells_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_cells_apply();
--> statement-breakpoint
CREATE TRIGGER activity_cells_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_cells_apply();
--> statement-breakpoint
CREATE FUNCTION activity_cells_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE activity_cells;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER activity_cells_truncate AFTER TRUNCATE ON activities
  FOR EACH STATEMENT EXECUTE FUNCTION activity_cells_truncate();
--> statement-breakpoint
-- The records written before this migration.
INSERT INTO activity_cells (response_id, period_months, period_start, sector_id, location_id, organisation_id,
  review_state, sub_sector_id, indicator_id, activities, reached, reached_count, quantity, quantity_count)
SELECT r.response_id, p.months, date_trunc(p.unit, r.reporting_month)::date, r.sector_id, r.location_id,
  coalesce(r.implementing_org_id, r.reporting_org_id), r.review_state,
  coalesce(r.sub_sector_id, '00000000-0000-0000-0000-000000000000'),
  coalesce(r.indicator_id, '00000000-0000-0000-0000-000000000000'),
  count(*), coalesce(sum(r.reached_total), 0), count(r.reached_total), coalesce(sum(r.quantity), 0), count(r.quantity)
FROM activities r CROSS JOIN (VALUES (1, 'month'), (3, 'quarter'), (12, 'year')) AS p(months, unit)
WHERE r.review_state IN ('approved', 'submitted')
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
