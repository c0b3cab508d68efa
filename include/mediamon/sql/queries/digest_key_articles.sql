-- The article each key's page shows for each of its top events (digest_top_event_keys.article_id, stored on the
-- run date): its story, title, URL, language and opening, read from that day's row groups only. A temporary
-- table. Reads digest_top_event_keys. Parameters: $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_key_articles AS
SELECT article_id, coalesce(story_id, article_id) AS story_id, title, url, language, left(text, 2000) AS text
FROM articles
WHERE run_date = $run_date AND article_id IN (SELECT DISTINCT article_id FROM digest_top_event_keys)
