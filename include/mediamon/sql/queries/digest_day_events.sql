-- Every event with an article stored on $run_date, counted over its articles stored up to $run_date,
-- with its representative article (the one whose article_id is the event's, else its earliest), as a
-- temporary table that digest_top_events and digest_new_events read (articles are scanned once).
-- first_published_at is the earliest known publication time of its articles (NULL when none has
-- one), first_crawled_at the earliest time a feed listed one; first_day the day its first article was
-- stored (= $run_date: a new event). Reads digest_articles, digest_day_keys. Parameters: $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_day_events AS
WITH members AS (
    SELECT a.event_key AS event_id, a.article_id, coalesce(a.story_id, a.article_id) AS story_id, a.source_id,
           a.published_at, a.first_seen_at, a.run_date,
           coalesce(s.name, a.source_id) AS outlet, a.title, a.url, a.language, left(a.text, 2000) AS text
    FROM digest_articles a
    LEFT JOIN sources s USING (source_id)
    WHERE a.run_date <= $run_date
      AND a.event_key IN (SELECT DISTINCT event_id FROM digest_day_keys)
), stats AS (
    SELECT event_id,
           coalesce(max(article_id) FILTER (WHERE article_id = event_id),
                    arg_min(article_id, first_seen_at)) AS article_id,
           count(DISTINCT source_id) AS outlet_count,
           count(*) AS article_count,
           list(DISTINCT outlet ORDER BY outlet) AS outlets,
           min(published_at) AS first_published_at,
           min(first_seen_at) AS first_crawled_at,
           max(first_seen_at) AS last_seen_at,
           min(run_date) AS first_day
    FROM members
    GROUP BY event_id
)
SELECT st.*, m.story_id, m.title, m.url, m.language, m.text
FROM stats st
JOIN members m ON m.article_id = st.article_id
