-- export_articles: the articles a run stored on one day, for the Parquet export (run_date is in the
-- partition path, not in the file). Parameters: $run_date. One row per article.
SELECT * EXCLUDE (run_date)
FROM articles
WHERE run_date = $run_date::DATE
ORDER BY article_id
