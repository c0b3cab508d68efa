-- A re-loaded run (or a re-run of its day) replaces the matches of its articles on its run_date; matches
-- other runs of the day found for other articles stay. The run's articles are those of load_run_articles
-- (step 05c: every staged article once), not read again from the staged file. Parameters: $run_date.
DELETE FROM watch_matches
WHERE run_date = $run_date::DATE
  AND article_id IN (SELECT article_id FROM load_run_articles)
