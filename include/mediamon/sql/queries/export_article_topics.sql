-- export_article_topics: IPTC topic tags of the articles stored on one day, for the Parquet export.
-- Parameters: $run_date. One row per (article_id, topic_code).
SELECT t.* EXCLUDE (article_run_date)  -- the day is the partition (migration 008 added it to the table)
FROM article_topics t
JOIN articles a USING (article_id)
WHERE a.run_date = $run_date::DATE
ORDER BY t.article_id, t.topic_code
