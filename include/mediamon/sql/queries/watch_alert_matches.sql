-- The matches a run_date found for the watches with `alert: true`, with the article and its evidence,
-- for the watch alerts (mediamon.digest.alerts.read_watch_alerts). Ordered by watch, newest article
-- first. Parameters: $run_date (DATE or 'YYYY-MM-DD').
SELECT m.watch_name, w.description, a.title, a.url, coalesce(s.name, a.source_id) AS outlet, m.matched_terms,
       m.snippet, m.matched_in
FROM watch_matches m
JOIN watches w ON w.name = m.watch_name AND w.alert
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
WHERE m.run_date = $run_date::DATE
ORDER BY m.watch_name, a.published_at DESC NULLS LAST, m.article_id
