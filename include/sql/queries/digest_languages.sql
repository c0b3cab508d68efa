-- The language mix of each key's articles on $run_date (NULL language = not detected).
-- Parameters: $run_date (DATE). One row per (kind, key, language).
SELECT k.kind, k.key, a.language, count(*) AS articles
FROM articles a
JOIN article_keys k USING (article_id)
WHERE a.run_date = $run_date
GROUP BY k.kind, k.key, a.language
ORDER BY k.kind, k.key, articles DESC, a.language
