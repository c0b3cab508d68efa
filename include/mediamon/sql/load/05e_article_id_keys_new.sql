-- The integer keys of the run's new articles (step 05d inserted them), in the same transaction, so the
-- next loads find them stored (step 05a, migration 013); ids without a key get no row. No parameters.
INSERT INTO article_id_keys
SELECT article_id_key(article_id) AS id_key, run_date
FROM load_run_articles
WHERE NOT refreshed AND article_id_key(article_id) IS NOT NULL
