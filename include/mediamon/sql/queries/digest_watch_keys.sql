-- For each country and topic of $run_date, the watches that matched its articles that day and how many
-- of them. Reads digest_day_keys, watch_matches (migration 007). Parameters: $run_date (DATE).
-- One row per (kind, key, watch_name).
SELECT k.kind, k.key, m.watch_name, count(DISTINCT m.article_id) AS matches
FROM watch_matches m
JOIN digest_day_keys k USING (article_id)
WHERE m.run_date = $run_date
GROUP BY k.kind, k.key, m.watch_name
ORDER BY k.kind, k.key, matches DESC, m.watch_name
