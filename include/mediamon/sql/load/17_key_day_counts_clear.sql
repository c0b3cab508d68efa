-- The days this run touches are recounted: the run_date (as stored: a refreshed article keeps its
-- first one) of every article in the run, whose tags steps 06-09 replaced. Parameters: $dir.
DELETE FROM key_day_counts
WHERE day IN (SELECT DISTINCT run_date FROM articles
              WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet')))
