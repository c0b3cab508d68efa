-- The countries and topics of the articles stored on $run_date, one row per (article, key), as a
-- temporary table that the other digest_* day queries read (so the day is joined to article_keys
-- once). Reads digest_articles (digest_articles.sql). Parameters: $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_day_keys AS
SELECT k.kind, k.key, k.label, a.article_id, a.source_id, a.language,
       coalesce(a.story_id, a.article_id) AS story_id,         -- syndicated copies share one story
       a.event_key AS event_id                                 -- articles about one happening share one event
FROM digest_articles a
JOIN article_keys k USING (article_id)
WHERE a.run_date = $run_date
