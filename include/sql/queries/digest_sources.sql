-- The outlets that covered each key on $run_date, with their country of publication and language.
-- Parameters: $run_date (DATE). One row per (kind, key, source_id).
SELECT k.kind, k.key, a.source_id, coalesce(s.name, a.source_id) AS outlet, s.country AS source_country,
       count(*) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a
JOIN article_keys k USING (article_id)
LEFT JOIN sources s USING (source_id)
WHERE a.run_date = $run_date
GROUP BY k.kind, k.key, a.source_id, s.name, s.country
ORDER BY k.kind, k.key, articles DESC, outlet
