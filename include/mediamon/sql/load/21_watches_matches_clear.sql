-- A re-loaded run (or a re-run of its day, or a later run meeting an article again) replaces the matches of
-- its articles on the day each article is stored under (load_run_articles, step 05c: a refreshed article keeps
-- its first run_date); matches other runs found for other articles stay. No parameters.
DELETE FROM watch_matches
WHERE run_date IN (SELECT DISTINCT run_date FROM load_run_articles)
  AND (article_id, run_date) IN (SELECT article_id, run_date FROM load_run_articles)
