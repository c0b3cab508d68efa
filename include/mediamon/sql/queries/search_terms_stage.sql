-- A run's search index rows, staged by the validate stage so the load only copies them in: one row per
-- (term, article) of validated/articles.parquet, the title counted three times (same rule as
-- migrations/002_search.sql and queries/search_reindex.sql), sorted by term as the table keeps them.
-- Needs macros/search_tokens.sql. Parameters: $dir (the validated folder), $path (the file to write).
COPY (
    SELECT term, article_id, sum(weight)::INTEGER AS tf
    FROM (SELECT article_id, unnest(search_tokens(title)) AS term, 3 AS weight FROM read_parquet($dir || '/articles.parquet')
          UNION ALL
          SELECT article_id, unnest(search_tokens(text)) AS term, 1 AS weight FROM read_parquet($dir || '/articles.parquet'))
    GROUP BY term, article_id
    ORDER BY term, article_id
) TO $path (FORMAT parquet)
