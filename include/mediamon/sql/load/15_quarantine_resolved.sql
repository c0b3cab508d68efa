-- Records that now loaded (after a fix and a replay) leave the quarantine. Parameters: $dir.
DELETE FROM quarantine
WHERE record_key IN (SELECT url FROM read_parquet($dir || '/articles.parquet'))
