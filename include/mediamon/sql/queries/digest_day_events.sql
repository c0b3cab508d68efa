-- Every event with an article stored on the run date, counted over its articles stored up to the run date,
-- with its representative article (the one whose article_id is the event's, else its earliest) and that
-- article's day, and its rank among the day's events (distinct outlets, then articles, then the most recent
-- article), as a temporary table that the other event queries read. The counts come from the events'
-- event_days rows (digest_event_history: one row per event and day, kept by the load), so an event's
-- history is a few rows; the outlets' names and the representative articles' texts are read for the
-- events the pages show only (digest_event_details.sql).
-- first_published_at is the earliest known publication time of its articles (NULL when none has
-- one), first_crawled_at the earliest time a feed listed one; first_day the day its first article was
-- stored (= the run date: a new event). Reads digest_event_history. No parameters.
CREATE OR REPLACE TEMP TABLE digest_day_events AS
WITH outlets AS (
    SELECT event_id, count(DISTINCT source_id) AS outlet_count
    FROM (SELECT event_id, unnest(source_ids) AS source_id FROM digest_event_history)
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
    FROM digest_event_history
    GROUP BY event_id
)
SELECT st.event_id, st.pick.id AS article_id, st.pick.day AS article_day, o.outlet_count, st.article_count,
       st.first_published_at, st.first_crawled_at, st.last_seen_at, st.first_day,
       row_number() OVER (ORDER BY o.outlet_count DESC, st.article_count DESC, st.last_seen_at DESC,
                          st.event_id) AS event_rank
FROM stats st
JOIN outlets o USING (event_id)
