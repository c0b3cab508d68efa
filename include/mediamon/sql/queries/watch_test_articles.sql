-- The articles `mediamon watch test` matches a query against: those loaded on the $days days up to the
-- warehouse's latest run_date, with the codes of their countries and topics, optionally only those with
-- one of the $countries. Parameters: $days (INTEGER), $countries (VARCHAR[]; [] = any country).
WITH latest AS (SELECT max(run_date) AS day FROM articles)
SELECT a.article_id, a.title, a.text, a.language, a.source_id,
       coalesce((SELECT list(DISTINCT c.country_code) FROM article_countries c WHERE c.article_id = a.article_id),
                []) AS countries,
       coalesce((SELECT list(DISTINCT t.topic_code) FROM article_topics t WHERE t.article_id = a.article_id),
                []) AS topics,
       a.run_date, a.url
FROM articles a, latest
WHERE a.run_date > latest.day - $days::INTEGER
  AND (len($countries::VARCHAR[]) = 0 OR EXISTS (
        SELECT 1 FROM article_countries c
        WHERE c.article_id = a.article_id AND list_contains($countries::VARCHAR[], c.country_code)))
ORDER BY a.run_date DESC, a.published_at DESC NULLS LAST, a.article_id
