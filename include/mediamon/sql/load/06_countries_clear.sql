-- Tags of re-loaded articles are replaced, not added to. Parameters: $dir.
DELETE FROM article_countries WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))
