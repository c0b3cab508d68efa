-- search_substring: stored articles whose title or text contains $query as written (case and accents
-- ignored), newest first: the fallback of `mediamon search` when the word index finds nothing
-- (part of a word, Chinese or Japanese text). Scans every text, so it is slower than search_bm25.
-- Parameters: $query, $since, $until (run_date bounds, inclusive, NULL = open), $country (or NULL), $limit.
-- Returns the columns of search_bm25, with score and matched_words NULL.
SELECT a.article_id, a.title, a.url, a.source_id, a.published_at, a.run_date,
       NULL::DOUBLE AS score, NULL::BIGINT AS matched_words, a.text
FROM articles a
WHERE contains(lower(strip_accents(coalesce(a.title, '') || ' ' || a.text)), lower(strip_accents($query)))
  AND ($since::DATE IS NULL OR a.run_date >= $since::DATE)
  AND ($until::DATE IS NULL OR a.run_date <= $until::DATE)
  AND ($country::VARCHAR IS NULL OR EXISTS (SELECT 1 FROM article_countries c
                                            WHERE c.article_id = a.article_id AND c.country_code = $country))
ORDER BY coalesce(a.published_at, a.run_date) DESC, a.article_id
LIMIT $limit
