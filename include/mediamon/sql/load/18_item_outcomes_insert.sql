-- One final outcome per feed item of the run. Parameters: $dir.
INSERT INTO item_outcomes BY NAME
SELECT run_id, run_date::DATE AS run_date, item_id, source_id, feed_url, url, outcome, stage, reason, article_id
FROM read_parquet($dir || '/item_outcomes.parquet')
