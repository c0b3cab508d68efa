-- For a warehouse without migration 008 (no event_days, no article_run_date on the tag tables), opened
-- read-only: temporary views of those names (which come before the warehouse's own in name resolution)
-- compute them from articles, for digest_day_keys and digest_day_events. Slower (they read every
-- article), but the same rows. Reads digest_articles (digest_articles.sql). No parameters.
CREATE OR REPLACE TEMP VIEW article_keys AS
SELECT k.article_id, 'country' AS kind, k.country_code AS key, k.country_code AS label, k.is_focus,
       a.run_date AS article_run_date, k.mentions, NULL::DOUBLE AS score
FROM article_countries k JOIN articles a USING (article_id)
UNION ALL
SELECT k.article_id, 'topic', k.topic_code, k.topic_label, NULL, a.run_date, NULL, k.score
FROM article_topics k JOIN articles a USING (article_id);
CREATE OR REPLACE TEMP VIEW event_days AS
SELECT event_key AS event_id, run_date AS day, count(*) AS articles,
       list(DISTINCT source_id ORDER BY source_id) AS source_ids, min(published_at) AS first_published_at,
       min(first_seen_at) AS first_seen_at, max(first_seen_at) AS last_seen_at,
       arg_min(article_id, first_seen_at) AS first_article_id, bool_or(article_id = event_key) AS has_event_article
FROM digest_articles
GROUP BY event_key, run_date;
