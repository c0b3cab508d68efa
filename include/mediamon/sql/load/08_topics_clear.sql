-- Topics of re-loaded articles are replaced, not added to: only articles stored before this run have any,
-- and only on their stored day's rows (the day filter skips every other day's row groups). No parameters.
DELETE FROM article_topics
WHERE article_run_date IN (SELECT run_date FROM load_run_articles WHERE refreshed)
  AND article_id IN (SELECT article_id FROM load_run_articles WHERE refreshed)
