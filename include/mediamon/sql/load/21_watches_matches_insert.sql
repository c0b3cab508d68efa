-- The run's watch matches with their evidence (validated/watch_matches.parquet). Parameters: $dir.
INSERT INTO watch_matches BY NAME
SELECT watch_name, article_id, run_date::DATE AS run_date, matched_terms, snippet, matched_in
FROM read_parquet($dir || '/watch_matches.parquet')
