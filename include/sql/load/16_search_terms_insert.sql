-- Index this run's articles for `mediamon search`: one row per (term, article), the title counted three
-- times (same rule as migrations/002_search.sql and queries/search_reindex.sql). Parameters: $dir.
INSERT INTO search_terms
SELECT term, article_id, sum(weight)::INTEGER AS tf
FROM (SELECT article_id, unnest(search_tokens(title)) AS term, 3 AS weight FROM read_parquet($dir || '/articles.parquet')
      UNION ALL
      SELECT article_id, unnest(search_tokens(text)) AS term, 1 AS weight FROM read_parquet($dir || '/articles.parquet'))
GROUP BY term, article_id
ORDER BY term, article_id
