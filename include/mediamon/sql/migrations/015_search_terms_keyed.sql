-- 015_search_terms_keyed: search_terms keeps each row's article by the integer key of its id
-- (macros/article_id_key.sql: the 64-bit number its 16 lower-case hex digits spell) instead of the id's
-- text. A day's load writes about 15 index rows per article, and compressing the text ids was most of
-- that insert: at ten million articles, a 27,397-article day's 411,000 rows took 0.13 s of CPU with text
-- ids and 0.05 s with integer keys, and they take fewer blocks. An id without a key (not 16 lower-case hex
-- digits) keeps its text in unkeyed_article_id. The article's id is
-- coalesce(unkeyed_article_id, printf('%016x', id_key)) (queries/search_bm25.sql). No index, as before
-- (migration 002); the stored rows keep their order (sorted by term within each load).
CREATE TABLE search_terms_keyed (
    term                VARCHAR NOT NULL,  -- a word as search_tokens() gives it
    id_key              UBIGINT,           -- article_id_key(article_id); NULL when the id has none
    unkeyed_article_id  VARCHAR,           -- the article_id when it has no key; NULL otherwise
    tf                  INTEGER NOT NULL   -- occurrences in the text + 3 × occurrences in the title
);
INSERT INTO search_terms_keyed
SELECT term, article_id_key(article_id) AS id_key,
       CASE WHEN article_id_key(article_id) IS NULL THEN article_id END AS unkeyed_article_id, tf
FROM search_terms;
DROP TABLE search_terms;
ALTER TABLE search_terms_keyed RENAME TO search_terms;
