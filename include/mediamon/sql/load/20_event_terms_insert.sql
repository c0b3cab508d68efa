-- The event stems of the run's clean articles (validated/event_stems.parquet, written by the stories stage
-- for every enriched article; a run that staged them as JSON lines has them converted before the load,
-- warehouse/load.py), with their article's stored run_date (a refreshed article keeps its first one:
-- load_run_articles, step 05c), so the known-events snapshot reads recent days' rows only. Parameters: $dir.
INSERT INTO article_event_stems BY NAME
SELECT s.article_id, s.title_stems, s.lead_stems, a.run_date AS article_run_date
FROM read_parquet($dir || '/event_stems.parquet') s
JOIN load_run_articles a USING (article_id)
