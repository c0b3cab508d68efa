-- The event stems of the run's clean articles (validated/event_stems.parquet, written by the stories stage
-- for every enriched article; a run that staged them as JSON lines has them converted before the load,
-- warehouse/load.py). Parameters: $dir.
INSERT INTO article_event_stems BY NAME
SELECT s.article_id, s.title_stems, s.lead_stems
FROM read_parquet($dir || '/event_stems.parquet') s
SEMI JOIN read_parquet($dir || '/articles.parquet') a ON a.article_id = s.article_id
