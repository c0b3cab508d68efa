-- The day's biggest stories: stories with a copy stored on the latest ingest day, by distinct outlets
-- (syndicated copies count once), then by recency. No parameters.
SELECT story_id, title, outlet_count, article_count, first_seen_at, last_seen_at
FROM stories
WHERE story_id IN (SELECT coalesce(story_id, article_id) FROM articles
                   WHERE run_date = (SELECT max(day) FROM ingest_days))
ORDER BY outlet_count DESC, last_seen_at DESC
LIMIT 20;
