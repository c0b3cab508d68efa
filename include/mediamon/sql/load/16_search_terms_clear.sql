-- The search index rows of re-loaded (refreshed) articles are replaced, not added to. Only articles
-- stored before this run have rows; a run without such articles reads nothing here. An article's rows
-- carry its id's integer key, or its id when it has none (migration 015). No parameters.
DELETE FROM search_terms
WHERE id_key IN (SELECT article_id_key(article_id) FROM load_run_articles WHERE refreshed)
   OR unkeyed_article_id IN (SELECT article_id FROM load_run_articles WHERE refreshed)
