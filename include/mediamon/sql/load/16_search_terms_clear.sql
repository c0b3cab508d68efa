-- The search index rows of re-loaded (refreshed) articles are replaced, not added to. Parameters: $dir.
DELETE FROM search_terms WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))
