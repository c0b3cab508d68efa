-- For a warehouse without migration 010 (no day_totals), opened read-only: a temporary view of that
-- name (which comes before the warehouse's own in name resolution) computed from articles, for
-- digest_window_days. Slower (it counts every article of the window), but the same rows. No parameters.
CREATE OR REPLACE TEMP VIEW day_totals AS
SELECT run_date AS day, count(*) AS articles, count(DISTINCT coalesce(story_id, article_id)) AS stories
FROM articles
GROUP BY run_date
