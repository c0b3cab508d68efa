-- Recount the (event, day) rows step 17b_event_days_clear emptied from every article stored on those
-- days (migration 008 has the same rule for the rows stored before it); only those days' row groups of
-- articles are read. No parameters.
INSERT INTO event_days BY NAME
WITH touched AS (
    SELECT DISTINCT event_key AS event_id, run_date AS day FROM load_run_articles
), members AS (
    SELECT a.*, coalesce(a.event_id, a.story_id, a.article_id) AS event_key FROM articles a
    WHERE a.run_date IN (SELECT DISTINCT day FROM touched)
)
SELECT m.event_key AS event_id, m.run_date AS day, count(*) AS articles,
       list_sort(list_distinct(list(m.source_id))) AS source_ids, min(m.published_at) AS first_published_at,
       min(m.first_seen_at) AS first_seen_at, max(m.first_seen_at) AS last_seen_at,
       arg_min(m.article_id, m.first_seen_at) AS first_article_id,
       bool_or(m.article_id = m.event_key) AS has_event_article
FROM members m
JOIN touched t ON t.event_id = m.event_key AND t.day = m.run_date
GROUP BY m.event_key, m.run_date
ORDER BY day, event_id
