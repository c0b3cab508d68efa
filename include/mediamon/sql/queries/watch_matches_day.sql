-- The matches a run_date found, with their evidence and article: one row per (watch, article), ordered
-- by watch, then newest article first. Parameters: $run_date (DATE or 'YYYY-MM-DD').
SELECT m.watch_name, w.description, m.article_id, a.title, a.url, a.source_id,
       coalesce(s.name, a.source_id) AS outlet, a.language, a.published_at, m.matched_terms, m.matched_in,
       m.snippet
FROM watch_matches m
JOIN articles a USING (article_id)
LEFT JOIN watches w ON w.name = m.watch_name
LEFT JOIN sources s ON s.source_id = a.source_id
WHERE m.run_date = $run_date::DATE
ORDER BY m.watch_name, a.published_at DESC NULLS LAST, m.article_id
