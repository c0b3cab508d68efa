-- A run's search index rows, staged by the validate stage so the load only copies them in: one row per
-- (term, article) of validated/articles.parquet, the title counted three times (same rule as
-- migrations/002_search.sql and queries/search_reindex.sql), sorted by term as the table keeps them, each
-- article by the integer key of its id (migration 015; an id without a key in unkeyed_article_id).
-- Needs macros/search_tokens.sql and macros/article_id_key.sql. Parameters: $dir (the validated folder),
-- $path (the file to write).
COPY (
    WITH staged AS (
        SELECT article_id, article_id_key(article_id) AS id_key, title, text
        FROM read_parquet($dir || '/articles.parquet')
    )
    SELECT term, id_key, CASE WHEN id_key IS NULL THEN article_id END AS unkeyed_article_id,
           sum(weight)::INTEGER AS tf
    FROM (SELECT article_id, id_key, unnest(search_tokens(title)) AS term, 3 AS weight FROM staged
          UNION ALL
          SELECT article_id, id_key, unnest(search_tokens(text)) AS term, 1 AS weight FROM staged)
    GROUP BY term, article_id, id_key
    ORDER BY term, article_id
) TO $path (FORMAT parquet)
