-- key_day_counts_rebuild: recount key_day_counts from every stored article and tag (the table the
-- load keeps; for a warehouse whose tables were written by other means). One transaction; no
-- parameters. Same rule as migrations/003_key_day_counts.sql and load/17_key_day_counts_insert.sql.
DELETE FROM key_day_counts;
INSERT INTO key_day_counts BY NAME
SELECT a.run_date AS day, k.kind, k.key, max(k.label) AS label, count(*) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a
JOIN article_keys k USING (article_id)
GROUP BY a.run_date, k.kind, k.key
ORDER BY day, kind, key;
