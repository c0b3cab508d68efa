-- Outlets that stopped publishing: articles stored in the 28 days before the last week, none in the
-- last 7 ingest days; with their feed health. No parameters (latest day).
WITH latest AS (SELECT max(day) AS day FROM ingest_days),
per_source AS (
    SELECT a.source_id,
           count(*) FILTER (WHERE a.run_date > latest.day - 7) AS last_week,
           count(*) FILTER (WHERE a.run_date BETWEEN latest.day - 34 AND latest.day - 7) AS before,
           max(a.run_date) AS last_article_day
    FROM articles a, latest
    GROUP BY a.source_id
)
SELECT p.source_id, s.name, p.before AS articles_before, p.last_article_day,
       max(f.consecutive_failures) AS feed_failures, any_value(f.last_error) AS last_error
FROM per_source p
LEFT JOIN sources s USING (source_id)
LEFT JOIN feeds f USING (source_id)
WHERE p.last_week = 0 AND p.before > 0
GROUP BY p.source_id, s.name, p.before, p.last_article_day
ORDER BY p.before DESC;
