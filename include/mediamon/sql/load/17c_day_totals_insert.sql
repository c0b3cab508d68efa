-- Recount all articles and distinct stories of the days step 17c_day_totals_clear emptied (the rule of
-- migration 010); only those days' row groups of articles are read. No parameters.
INSERT INTO day_totals BY NAME
SELECT run_date AS day, count(*) AS articles, count(DISTINCT coalesce(story_id, article_id)) AS stories
FROM articles
WHERE run_date IN (SELECT DISTINCT run_date FROM load_run_articles)
GROUP BY run_date
ORDER BY day
