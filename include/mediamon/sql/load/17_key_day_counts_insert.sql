-- Recount articles and distinct stories per key on the days step 17_key_day_counts_clear emptied
-- (the stored run_date of every article in the run), with the key_day_counts_on macro
-- (macros/key_day_counts.sql). Parameters: $dir.
INSERT INTO key_day_counts BY NAME
SELECT * FROM key_day_counts_on(coalesce(
    (SELECT list(DISTINCT run_date) FROM articles
     WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))),
    []::DATE[]))  -- a run without articles touches no day (NULL would mean every day)
ORDER BY day, kind, key
