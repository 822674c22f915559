-- Open data and /national: the latest published synthesis of each territory, read from this index
-- alone (distinct on territory, newest first) instead of the versions' rows with their frozen figures.
create index synthesis_versions_territory_latest_idx
  on public.synthesis_versions (territory_id, published_at desc, version desc) include (consultation_id);
