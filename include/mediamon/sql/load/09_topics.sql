-- Topics of this run's articles. Parameters: $dir.
INSERT INTO article_topics BY NAME
SELECT article_id, topic_code, topic_label, score, evidence::JSON AS evidence
FROM read_parquet($dir || '/article_topics.parquet')
