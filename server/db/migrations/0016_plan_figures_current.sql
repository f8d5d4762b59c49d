-- The need figures of the gaps, current first per sector, place and group, read from the index
-- alone and in its order: the DISTINCT ON of needCells sorted 7,700 rows by uuids (decision 0013).
CREATE INDEX "plan_figures_current_idx" ON "plan_figures" USING btree ("response_id","year","metric","sector_id","location_id","population_group_id","as_of" DESC NULLS FIRST) INCLUDE ("value");
