-- Feeds whose last fetches failed (consecutive_failures > 0), worst first. No parameters.
SELECT f.feed_url, f.source_id, coalesce(s.name, f.source_id) AS outlet, f.consecutive_failures,
       f.last_error, f.last_success_at
FROM feeds f
LEFT JOIN sources s USING (source_id)
WHERE f.consecutive_failures > 0
ORDER BY f.consecutive_failures DESC, f.feed_url
