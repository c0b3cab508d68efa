-- Every event with an article stored on the run date, counted over its articles stored up to the run date,
-- with its representative article (the one whose article_id is the event's, else its earliest), as a
-- temporary table that digest_top_events and digest_new_events read. The counts come from the events'
-- event_days rows (digest_event_history: one row per event and day, kept by the load), so an event's
-- history is a few rows; only the representative articles are read from articles, on their own days.
-- first_published_at is the earliest known publication time of its articles (NULL when none has
-- one), first_crawled_at the earliest time a feed listed one; first_day the day its first article was
-- stored (= the run date: a new event). Reads digest_event_history. No parameters.
CREATE OR REPLACE TEMP TABLE digest_day_events AS
WITH days AS (
    SELECT * FROM digest_event_history
), outlets AS (
    SELECT event_id, count(DISTINCT source_id) AS outlet_count,
           list(DISTINCT coalesce(s.name, o.source_id) ORDER BY coalesce(s.name, o.source_id)) AS outlets
    FROM (SELECT DISTINCT event_id, unnest(source_ids) AS source_id FROM days) o
    LEFT JOIN sources s USING (source_id)
    GROUP BY event_id
), stats AS (
    SELECT event_id,
           coalesce(min({'id': event_id, 'day': day}) FILTER (WHERE has_event_article),
                    arg_min({'id': first_article_id, 'day': day}, first_seen_at)) AS pick,  -- the representative and its day
           sum(articles)::BIGINT AS article_count,
           min(first_published_at) AS first_published_at,
           min(first_seen_at) AS first_crawled_at,
           max(last_seen_at) AS last_seen_at,
           min(day) AS first_day
    FROM days
    GROUP BY event_id
), shown AS (
    SELECT article_id, run_date, coalesce(story_id, article_id) AS story_id, title, url, language,
           left(text, 2000) AS text
    FROM articles
    WHERE run_date IN (SELECT DISTINCT pick.day FROM stats) AND article_id IN (SELECT pick.id FROM stats)
)
SELECT st.event_id, st.pick.id AS article_id, o.outlet_count, st.article_count, o.outlets, st.first_published_at,
       st.first_crawled_at, st.last_seen_at, st.first_day, m.story_id, m.title, m.url, m.language, m.text
FROM stats st
JOIN outlets o USING (event_id)
JOIN shown m ON m.article_id = st.pick.id AND m.run_date = st.pick.day
