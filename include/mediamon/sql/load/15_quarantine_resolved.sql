-- Records that now loaded (after a fix and a replay) leave the quarantine: matched by the feed item
-- (item_id), by the article (record_key of the articles stage) or by its URL. Parameters: $dir.
DELETE FROM quarantine
WHERE item_id IN (SELECT item_id FROM read_parquet($dir || '/item_outcomes.parquet') WHERE outcome = 'loaded')
   OR record_key IN (SELECT url FROM read_parquet($dir || '/articles.parquet'))
   OR record_key IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))
