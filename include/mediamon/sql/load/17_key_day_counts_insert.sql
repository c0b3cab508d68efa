-- Recount articles and distinct stories per key on the days step 17_key_day_counts_clear emptied
-- (same rule as migrations/003_key_day_counts.sql and queries/key_day_counts_rebuild.sql).
-- Parameters: $dir.
INSERT INTO key_day_counts BY NAME
SELECT a.run_date AS day, k.kind, k.key, max(k.label) AS label, count(*) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a
JOIN article_keys k USING (article_id)
WHERE a.run_date IN (SELECT DISTINCT run_date FROM articles
                     WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet')))
GROUP BY a.run_date, k.kind, k.key
ORDER BY day, kind, key
