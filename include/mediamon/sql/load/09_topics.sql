-- Topics of this run's articles, with their article's stored run_date (a refreshed article keeps its
-- first one: load_run_articles, step 05c), so a day's digest skips other days' rows. Parameters: $dir.
INSERT INTO article_topics BY NAME
SELECT t.article_id, t.topic_code, t.topic_label, t.score, t.evidence::JSON AS evidence, a.run_date AS article_run_date
FROM read_parquet($dir || '/article_topics.parquet') t
JOIN load_run_articles a USING (article_id)
