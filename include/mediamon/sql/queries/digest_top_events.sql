-- The top events of each key on $run_date: events with an article about the key stored that day,
-- those with an article focused on the key first, then by distinct outlets, then articles, then how much
-- they are about the key, then the most recent article (digest_top_event_keys.sql; an event groups
-- different articles about one happening; copies of one article are one story inside it), with key_events,
-- how many events the key had that day in all (a page says how many it leaves out). Each event is shown by the
-- key's own article of the day (digest_key_articles), its counts and outlets by the whole event's.
-- Reads digest_top_event_keys, digest_day_events, digest_event_details, digest_key_articles, digest_day_keys.
-- Parameters: $run_date (DATE).
SELECT r.kind, r.key, e.event_id, a.story_id, r.article_id, a.title, a.url, a.language, a.text, e.outlet_count,
       e.article_count, d.outlets, e.first_published_at, e.first_crawled_at, e.last_seen_at,
       e.first_day = $run_date AS is_new, n.key_events
FROM digest_top_event_keys r
JOIN digest_day_events e USING (event_id)
JOIN digest_event_details d USING (event_id)
JOIN digest_key_articles a ON a.article_id = r.article_id
JOIN (SELECT kind, key, count(DISTINCT event_id) AS key_events FROM digest_day_keys GROUP BY ALL) n
    USING (kind, key)
ORDER BY r.kind, r.key, r.key_rank
