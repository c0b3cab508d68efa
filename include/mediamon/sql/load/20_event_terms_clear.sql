-- A re-loaded article's event stems are written anew (a refresh may change its title or text). Only
-- articles stored before this run have any; a run without such articles reads nothing here. No parameters.
DELETE FROM article_event_stems
WHERE article_id IN (SELECT article_id FROM load_run_articles WHERE refreshed)
