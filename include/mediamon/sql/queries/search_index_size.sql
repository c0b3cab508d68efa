-- search_index_size: how big the search index is. No parameters.
-- Returns rows (one per term and article), terms (distinct words), articles (indexed articles).
SELECT count(*) AS rows, count(DISTINCT term) AS terms, count(DISTINCT article_id) AS articles FROM search_terms
