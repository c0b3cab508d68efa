-- The clean articles a run's validate stage staged, with the codes of their countries and topics, for
-- the watches. One row per article, in no particular order (sorting the texts costs more than the rest). Parameters: $dir (the run's validated/ directory).
WITH countries AS (
    SELECT article_id, list(DISTINCT country_code) AS codes
    FROM read_parquet($dir || '/article_countries.parquet') GROUP BY article_id
), topics AS (
    SELECT article_id, list(DISTINCT topic_code) AS codes
    FROM read_parquet($dir || '/article_topics.parquet') GROUP BY article_id
)
SELECT a.article_id, a.title, a.text, a.language, a.source_id, coalesce(c.codes, []) AS countries,
       coalesce(t.codes, []) AS topics
FROM read_parquet($dir || '/articles.parquet') a
LEFT JOIN countries c USING (article_id)
LEFT JOIN topics t USING (article_id)
