-- 002_search: a word index over article titles and texts for `mediamon search` (BM25 ranking).
-- DuckDB's fts extension cannot be installed offline for this DuckDB version, so the index is a
-- plain table kept up to date by the load stage (load/16_search_terms_*.sql), in the same
-- transaction as the articles it indexes.

-- The tokenizer macros search_stem and search_tokens live in macros/search_tokens.sql: apply_schema
-- (re)creates them on every writable connection, before any migration runs.

-- search_terms: one row per (term, article). No key, on purpose: a primary key index would cost
-- more than the table at a million articles; loads delete an article's rows before inserting them.
-- Rows are inserted sorted by term, so DuckDB's per-row-group min/max skips most of the table.
CREATE TABLE IF NOT EXISTS search_terms (
    term        VARCHAR NOT NULL,  -- a word as search_tokens() gives it
    article_id  VARCHAR NOT NULL,
    tf          INTEGER NOT NULL   -- occurrences in the text + 3 × occurrences in the title (title boost)
);

-- Index the articles stored before this migration; later loads index their own articles.
INSERT INTO search_terms
SELECT term, article_id, sum(weight)::INTEGER AS tf
FROM (SELECT article_id, unnest(search_tokens(title)) AS term, 3 AS weight FROM articles
      UNION ALL
      SELECT article_id, unnest(search_tokens(text)) AS term, 1 AS weight FROM articles)
GROUP BY term, article_id
ORDER BY term, article_id;
