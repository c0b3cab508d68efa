-- The event stems of the run's clean articles (validated/event_stems.jsonl, written by the stories stage
-- for every enriched article). Parameters: $dir.
INSERT INTO article_event_stems BY NAME
SELECT s.article_id, s.title_stems, s.lead_stems
FROM read_json($dir || '/event_stems.jsonl', format = 'newline_delimited',
               columns = {article_id: 'VARCHAR', title_stems: 'VARCHAR', lead_stems: 'VARCHAR'}) s
SEMI JOIN read_parquet($dir || '/articles.parquet') a ON a.article_id = s.article_id
