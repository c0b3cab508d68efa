-- The watch definitions this run was evaluated with (validated/watches.parquet), unless a run that started
-- later is loaded already (see 21_watches_clear). Parameters: $dir, $started_at.
INSERT INTO watches BY NAME
SELECT name, query, countries, topics, languages, sources, description, alert, run_date::DATE AS run_date
FROM read_parquet($dir || '/watches.parquet')
WHERE NOT EXISTS (SELECT 1 FROM runs WHERE started_at > $started_at::TIMESTAMPTZ)
