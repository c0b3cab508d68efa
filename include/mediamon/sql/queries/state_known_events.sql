-- The first article of every story of recent days with its event, so that today's articles about the same
-- happening join it (a story's copies add nothing to it). Parameters: $run_date (DATE), $days (INTEGER, how
-- far back to look), $lead_chars (INTEGER, text kept). One row per story; countries focus first, then by
-- mentions; topics by score. The stems events compare by come from article_event_stems (migration 009); an
-- article stored before has none, and its opening (lead) is read instead.
WITH recent AS (
    SELECT a.article_id, coalesce(a.story_id, a.article_id) AS story_id,
           coalesce(a.event_id, a.story_id, a.article_id) AS event_id, a.source_id, a.title, a.text, a.language,
           a.first_seen_at, a.published_at
    FROM articles a
    WHERE a.first_seen_at >= $run_date::DATE - to_days($days::INTEGER)
    QUALIFY row_number() OVER (PARTITION BY coalesce(a.story_id, a.article_id)
                               ORDER BY a.first_seen_at, a.article_id) = 1
), countries AS (
    SELECT c.article_id, any_value(c.country_code) FILTER (WHERE c.is_focus) AS focus_country,
           list(c.country_code ORDER BY c.is_focus DESC, c.mentions DESC, c.country_code) AS countries
    FROM article_countries c SEMI JOIN recent r ON r.article_id = c.article_id
    GROUP BY c.article_id
), topics AS (
    SELECT t.article_id, list(t.topic_code ORDER BY t.score DESC, t.topic_code) AS topics
    FROM article_topics t SEMI JOIN recent r ON r.article_id = t.article_id
    GROUP BY t.article_id
)
SELECT r.article_id, r.story_id, r.event_id, r.source_id, r.title,
       CASE WHEN s.article_id IS NULL THEN left(r.text, $lead_chars::INTEGER) END AS lead,
       s.title_stems, s.lead_stems, r.language, r.first_seen_at, r.published_at, c.focus_country,
       coalesce(c.countries, []) AS countries, coalesce(t.topics, []) AS topics
FROM recent r
LEFT JOIN countries c USING (article_id)
LEFT JOIN topics t USING (article_id)
LEFT JOIN article_event_stems s USING (article_id)
ORDER BY r.first_seen_at, r.article_id
