-- Feeds that are down: consecutive failed fetches, last error and last success, worst first.
-- No parameters.
SELECT f.feed_url, f.source_id, s.name, f.consecutive_failures, f.last_error, f.last_status,
       f.last_success_at, f.last_new_item_at
FROM feeds f
LEFT JOIN sources s USING (source_id)
WHERE f.consecutive_failures > 0
ORDER BY f.consecutive_failures DESC, f.feed_url;
