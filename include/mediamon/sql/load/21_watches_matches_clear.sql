-- A re-loaded run (or a re-run of its day) replaces the matches of its articles on its run_date; matches
-- other runs of the day found for other articles stay. Parameters: $dir, $run_date.
DELETE FROM watch_matches
WHERE run_date = $run_date::DATE
  AND article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))
