-- search_reindex: rebuild the search index from every stored article (run after `DELETE FROM
-- search_terms`, in one transaction; `mediamon search --reindex` does both), each article by the integer
-- key of its id (migration 015). No parameters.
INSERT INTO search_terms
SELECT term, article_id_key(article_id) AS id_key,
       CASE WHEN article_id_key(article_id) IS NULL THEN article_id END AS unkeyed_article_id, tf
FROM (SELECT term, article_id, sum(weight)::INTEGER AS tf
      FROM (SELECT article_id, unnest(search_tokens(title)) AS term, 3 AS weight FROM articles
            UNION ALL
            SELECT article_id, unnest(search_tokens(text)) AS term, 1 AS weight FROM articles)
      GROUP BY term, article_id)
ORDER BY term, article_id
