-- export_article_countries: country tags of the articles stored on one day, for the Parquet export.
-- Parameters: $run_date. One row per (article_id, country_code).
SELECT c.* EXCLUDE (article_run_date)  -- the day is the partition (migration 008 added it to the table)
FROM article_countries c
JOIN articles a USING (article_id)
WHERE a.run_date = $run_date::DATE
ORDER BY c.article_id, c.country_code
