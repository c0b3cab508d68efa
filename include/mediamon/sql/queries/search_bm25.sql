-- search_bm25: stored articles matching the words of $query, best first. BM25 (k1 = 1.2, b = 0.75) over
-- the search_terms index (title words count three times); an article's length is its word_count.
-- Parameters: $query (free text, split by search_tokens), $all_words (true: every word must occur),
-- $since, $until (run_date bounds, inclusive; NULL leaves the side open), $country (an ISO 3166-1
-- alpha-2 code the article is tagged with, or NULL), $limit.
-- Returns article_id, title, url, source_id, published_at, run_date, score, matched_words, text.
WITH q AS (SELECT DISTINCT unnest(search_tokens($query)) AS term),
stats AS (SELECT count(*) AS n, greatest(avg(word_count), 1) AS avgdl FROM articles),
-- an index row's article: its id's integer key spelled back in hex, or the id that has no key (migration 015)
hits AS (SELECT term, coalesce(unkeyed_article_id, printf('%016x', id_key)) AS article_id, tf
         FROM search_terms WHERE term IN (SELECT term FROM q)),
idf AS (SELECT h.term, ln(1 + (any_value(s.n) - count(*) + 0.5) / (count(*) + 0.5)) AS idf
        FROM hits h, stats s GROUP BY h.term),
scored AS (
    SELECT h.article_id, count(*) AS matched_words,
           sum(i.idf * h.tf * (1.2 + 1) / (h.tf + 1.2 * (1 - 0.75 + 0.75 * a.word_count / s.avgdl))) AS score
    FROM hits h JOIN idf i USING (term) JOIN articles a USING (article_id), stats s
    WHERE ($since::DATE IS NULL OR a.run_date >= $since::DATE)
      AND ($until::DATE IS NULL OR a.run_date <= $until::DATE)
      AND ($country::VARCHAR IS NULL OR EXISTS (SELECT 1 FROM article_countries c
                                                WHERE c.article_id = a.article_id AND c.country_code = $country))
    GROUP BY h.article_id)
SELECT a.article_id, a.title, a.url, a.source_id, a.published_at, a.run_date, sc.score, sc.matched_words, a.text
FROM scored sc JOIN articles a USING (article_id)
WHERE NOT $all_words OR sc.matched_words = (SELECT count(*) FROM q)
ORDER BY sc.score DESC, a.article_id
LIMIT $limit
