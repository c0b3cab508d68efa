-- Index this run's articles for `mediamon search`: the rows the validate stage staged, already sorted
-- by term (queries/search_terms_stage.sql), copied in that order. Parameters: $dir.
INSERT INTO search_terms
SELECT term, article_id, tf FROM read_parquet($dir || '/search_terms.parquet')
