-- A re-loaded article's event stems are written anew (a refresh may change its title or text). Parameters: $dir.
DELETE FROM article_event_stems
WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))
