-- The top events of each key on $run_date: events with an article about the key stored that day,
-- ranked by distinct outlets, then articles, then the most recent article (an event groups different
-- articles about one happening; copies of one article are one story inside it).
-- Reads digest_day_keys, digest_day_events. Parameters: $run_date (DATE), $limit (per key).
WITH key_events AS (
    SELECT DISTINCT kind, key, event_id FROM digest_day_keys
), ranked AS (  -- ranked without the events' texts, which are joined to the few kept
    SELECT k.kind, k.key, e.event_id
    FROM key_events k
    JOIN digest_day_events e USING (event_id)
    QUALIFY row_number() OVER (PARTITION BY k.kind, k.key
                               ORDER BY e.outlet_count DESC, e.article_count DESC, e.last_seen_at DESC,
                                        e.event_id) <= $limit
)
SELECT r.kind, r.key, e.event_id, e.story_id, e.article_id, e.title, e.url, e.language, e.text, e.outlet_count,
       e.article_count, e.outlets, e.first_published_at, e.first_crawled_at, e.last_seen_at,
       e.first_day = $run_date AS is_new
FROM ranked r
JOIN digest_day_events e USING (event_id)
ORDER BY r.kind, r.key, e.outlet_count DESC, e.article_count DESC, e.last_seen_at DESC, e.event_id
