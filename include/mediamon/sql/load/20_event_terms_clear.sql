-- A re-loaded article's event stems are written anew (a refresh may change its title or text). Only
-- articles stored before this run have any, and only on their stored day's rows (article_run_date,
-- migration 016: the day filter skips every other day's row groups); a run without such articles skips this
-- step (load.REFRESH_STEPS). No parameters.
DELETE FROM article_event_stems
WHERE article_run_date IN (SELECT run_date FROM load_run_articles WHERE refreshed)
  AND article_id IN (SELECT article_id FROM load_run_articles WHERE refreshed)
