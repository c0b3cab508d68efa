-- Signatures of the run's articles stored before (step 05a) take the staged story and signature; they
-- keep their first_seen_at. Nothing is read on a day that refreshes no article. Parameters: $dir.
UPDATE story_signatures SET story_id = s.story_id, signature = s.signature::JSON
FROM read_parquet($dir || '/story_signatures.parquet') s
WHERE story_signatures.article_id = s.article_id
  AND story_signatures.article_id IN (SELECT article_id FROM load_refreshed_articles)
