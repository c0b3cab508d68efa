-- The run's watch matches with their evidence (validated/watch_matches.parquet), each on the day its article
-- is stored under (load_run_articles, step 05c): an article a later run refreshes is no new match of that
-- later day, as it is no new article of it. Parameters: $dir.
INSERT INTO watch_matches BY NAME
SELECT m.watch_name, m.article_id, a.run_date, m.matched_terms, m.snippet, m.matched_in
FROM read_parquet($dir || '/watch_matches.parquet') m
JOIN load_run_articles a USING (article_id)
