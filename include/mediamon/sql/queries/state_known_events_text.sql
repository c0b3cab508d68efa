-- For a warehouse before migration 009 (no article_event_stems): state_known_events.sql reading the text.
-- The first article of every story of recent days with its event, so that today's articles about the same
-- happening join it (a story's copies add nothing to it). Parameters: $run_date (DATE), $days (INTEGER, how
-- far back to look), $lead_chars (INTEGER, text kept). One row per story; countries focus first, then by
-- mentions; topics by score.
SELECT a.article_id, coalesce(a.story_id, a.article_id) AS story_id,
       coalesce(a.event_id, a.story_id, a.article_id) AS event_id, a.source_id, a.title,
       left(a.text, $lead_chars::INTEGER) AS lead, a.language, a.first_seen_at, a.published_at,
       (SELECT any_value(c.country_code) FROM article_countries c
        WHERE c.article_id = a.article_id AND c.is_focus) AS focus_country,
       coalesce((SELECT list(c.country_code ORDER BY c.is_focus DESC, c.mentions DESC, c.country_code)
                 FROM article_countries c WHERE c.article_id = a.article_id), []) AS countries,
       coalesce((SELECT list(t.topic_code ORDER BY t.score DESC, t.topic_code)
                 FROM article_topics t WHERE t.article_id = a.article_id), []) AS topics
FROM articles a
WHERE a.first_seen_at >= $run_date::DATE - to_days($days::INTEGER)
QUALIFY row_number() OVER (PARTITION BY coalesce(a.story_id, a.article_id) ORDER BY a.first_seen_at, a.article_id) = 1
ORDER BY a.first_seen_at, a.article_id
