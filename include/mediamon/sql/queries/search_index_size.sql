-- search_index_size: how big the search index is. No parameters.
-- Returns rows (one per term and article), terms (distinct words), articles (indexed articles: those with
-- an integer key and those without, migration 015, are different articles).
SELECT count(*) AS rows, count(DISTINCT term) AS terms,
       count(DISTINCT id_key) + count(DISTINCT unkeyed_article_id) AS articles
FROM search_terms
