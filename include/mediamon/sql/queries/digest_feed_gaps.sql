-- Possible gaps loaded by the day's runs, newest first. Parameters: $run_date.
SELECT g.feed_url, g.source_id, coalesce(s.name, g.source_id) AS outlet, g.detected_at, g.missed_from,
       g.missed_to, g.estimated_missed
FROM feed_gaps g
LEFT JOIN sources s USING (source_id)
WHERE g.run_date = $run_date::DATE
ORDER BY g.detected_at DESC
