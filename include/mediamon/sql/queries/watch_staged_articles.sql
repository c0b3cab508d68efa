-- The clean articles a run's validate stage staged, with the codes of their countries and topics, for
-- the watches. One row per article. Parameters: $dir (the run's validated/ directory).
SELECT a.article_id, a.title, a.text, a.language, a.source_id,
       coalesce((SELECT list(DISTINCT c.country_code) FROM read_parquet($dir || '/article_countries.parquet') c
                 WHERE c.article_id = a.article_id), []) AS countries,
       coalesce((SELECT list(DISTINCT t.topic_code) FROM read_parquet($dir || '/article_topics.parquet') t
                 WHERE t.article_id = a.article_id), []) AS topics
FROM read_parquet($dir || '/articles.parquet') a
ORDER BY a.article_id
