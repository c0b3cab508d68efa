-- Index this run's articles for `mediamon search`: the rows the validate stage staged, already sorted
-- by term (queries/search_terms_stage.sql), each article by the integer key of its id (migration 015),
-- copied in that order. Parameters: $dir.
INSERT INTO search_terms
SELECT term, id_key, unkeyed_article_id, tf FROM read_parquet($dir || '/search_terms.parquet')
