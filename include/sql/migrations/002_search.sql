-- 002_search: a word index over article titles and texts for `mediamon search` (BM25 ranking).
-- DuckDB's fts extension cannot be installed offline for this DuckDB version, so the index is a
-- plain table kept up to date by the load stage (load/16_search_terms_*.sql), in the same
-- transaction as the articles it indexes.

-- search_stem(t): plural to singular, the only stemming done (Harman's S-stemmer, simplified):
-- cities → city, floods → flood, protesters → protester; words of 3 characters or fewer, and words
-- ending in -us or -ss, are kept as they are. Applied alike to the index and to queries.
CREATE OR REPLACE MACRO search_stem(t) AS CASE
    WHEN length(t) <= 3 THEN t
    WHEN suffix(t, 'ies') AND NOT suffix(t, 'eies') AND NOT suffix(t, 'aies') THEN substr(t, 1, length(t) - 3) || 'y'
    WHEN suffix(t, 's') AND NOT suffix(t, 'us') AND NOT suffix(t, 'ss') THEN substr(t, 1, length(t) - 1)
    ELSE t END;

-- search_tokens(s): the one tokenizer of the index and of every search query. Lower case, accents
-- removed (São → sao, Ё → е), split on anything that is not a letter or a digit, words of 2 to 40
-- characters kept, then search_stem. No stop-word list: BM25's idf weighs common words down.
-- Scripts written without spaces (Chinese, Japanese) give long runs that are dropped;
-- `mediamon search` falls back to a substring match for them.
CREATE OR REPLACE MACRO search_tokens(s) AS
    list_transform(list_filter(regexp_split_to_array(lower(strip_accents(coalesce(s, ''))), '[^\p{L}\p{N}]+'),
                               lambda t: length(t) BETWEEN 2 AND 40),
                   lambda t: search_stem(t));

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
