-- The countries and topics of the articles stored on $run_date, one row per (article, key), as a
-- temporary table that the other digest_* day queries read (so the day is joined to article_keys
-- once). Both sides are filtered on the day (the tags carry their article's run_date as article_run_date, migration 008),
-- so only that day's row groups are read. Reads digest_articles (digest_articles.sql).
-- Parameters: $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_day_keys AS
SELECT k.kind, k.key, k.label, k.is_focus, k.mentions, k.score, a.article_id, a.source_id, a.language,
       coalesce(a.story_id, a.article_id) AS story_id,         -- syndicated copies share one story
       a.event_key AS event_id,                                -- articles about one happening share one event
       a.first_seen_at
FROM digest_articles a
JOIN article_keys k USING (article_id)
WHERE a.run_date = $run_date AND k.article_run_date = $run_date
