-- The top events of each key on $run_date: events with an article about the key stored that day,
-- ranked by distinct outlets, then articles, then the most recent article (an event groups different
-- articles about one happening; copies of one article are one story inside it).
-- The day's events are ranked once; each key keeps its first $limit by that rank.
-- Reads digest_day_keys, digest_day_events. Parameters: $run_date (DATE), $limit (per key).
WITH ranks AS (
    SELECT event_id, row_number() OVER (ORDER BY outlet_count DESC, article_count DESC, last_seen_at DESC,
                                        event_id) AS event_rank
    FROM digest_day_events
), ranked AS (  -- each key's first $limit events by that rank, without the events' texts (joined to the few kept)
    SELECT kind, key, event_id, event_rank
    FROM (SELECT DISTINCT kind, key, event_id FROM digest_day_keys) k
    JOIN ranks USING (event_id)
    QUALIFY row_number() OVER (PARTITION BY kind, key ORDER BY event_rank) <= $limit
)
SELECT r.kind, r.key, e.event_id, e.story_id, e.article_id, e.title, e.url, e.language, e.text, e.outlet_count,
       e.article_count, e.outlets, e.first_published_at, e.first_crawled_at, e.last_seen_at,
       e.first_day = $run_date AS is_new
FROM ranked r
JOIN digest_day_events e USING (event_id)
ORDER BY r.kind, r.key, r.event_rank
