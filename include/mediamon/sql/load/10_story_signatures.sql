-- Signatures of this run's articles, for joining later copies. Parameters: $dir.
INSERT INTO story_signatures BY NAME
SELECT article_id, story_id, signature::JSON AS signature, first_seen_at
FROM read_parquet($dir || '/story_signatures.parquet')
ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, signature = excluded.signature
