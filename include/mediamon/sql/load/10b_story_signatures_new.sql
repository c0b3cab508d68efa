-- Signatures for later copies to join: the staged ones of every article of the run that has none stored
-- yet (new articles, and refreshed ones stored before signatures were kept). Only the refreshed
-- articles' stored signatures are looked up (story_signatures has no index, migration 012; step
-- 05_articles_unique checked each signature names an article of the run). Parameters: $dir.
INSERT INTO story_signatures BY NAME
SELECT article_id, story_id, signature::JSON AS signature, first_seen_at
FROM read_parquet($dir || '/story_signatures.parquet')
WHERE article_id NOT IN (SELECT article_id FROM story_signatures
                         WHERE article_id IN (SELECT article_id FROM load_refreshed_articles))
