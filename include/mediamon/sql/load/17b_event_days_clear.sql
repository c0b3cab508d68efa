-- The (event, day) rows this run touches are recounted: the stored event and run_date of every
-- article in the run (a refreshed article keeps both; its publication time may change). Parameters: $dir.
DELETE FROM event_days
USING (SELECT DISTINCT coalesce(event_id, story_id, article_id) AS event_id, run_date AS day FROM articles
       WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))) t
WHERE event_days.event_id = t.event_id AND event_days.day = t.day
