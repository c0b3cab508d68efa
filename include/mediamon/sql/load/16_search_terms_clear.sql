-- The search index rows of re-loaded (refreshed) articles are replaced, not added to. Only articles
-- stored before this run have rows; a run without such articles reads nothing here. No parameters.
DELETE FROM search_terms WHERE article_id IN (SELECT article_id FROM load_run_articles WHERE refreshed)
